output "private_ips" {
  description = "Node addresses for the failover controller's member list."
  value       = aws_instance.node[*].private_ip
}

output "security_group_id" {
  description = "Security group of the PostgreSQL nodes."
  value       = aws_security_group.this.id
}
