output "vpc_id" {
  description = "Platform network."
  value       = aws_vpc.this.id
}

output "vpc_cidr" {
  description = "Address range of the platform network."
  value       = aws_vpc.this.cidr_block
}

output "private_subnet_ids" {
  description = "Private subnets, one per zone, in the order of var.azs."
  value       = aws_subnet.private[*].id
}

output "public_subnet_ids" {
  description = "Public subnets, one per zone, for load balancers and NAT gateways."
  value       = aws_subnet.public[*].id
}
