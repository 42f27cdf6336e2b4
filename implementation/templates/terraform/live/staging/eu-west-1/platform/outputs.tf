output "vpc_id" {
  description = "Platform network; the Kubernetes cluster stack reads it from this state."
  value       = module.network.vpc_id
}

output "private_subnet_ids" {
  description = "Private subnets, one per zone."
  value       = module.network.private_subnet_ids
}

output "api_autoscaling_group" {
  description = "Name of the control-plane autoscaling group."
  value       = module.api_pool.autoscaling_group_name
}

output "db_private_ips" {
  description = "PostgreSQL node addresses for the failover controller's member list."
  value       = module.database.private_ips
}
