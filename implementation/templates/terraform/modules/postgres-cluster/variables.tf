variable "name" {
  type        = string
  description = "Name prefix of the cluster, for example novacron-staging-db."
}

variable "vpc_id" {
  type        = string
  description = "Network of the cluster."
}

variable "vpc_cidr" {
  type        = string
  description = "Address range the cluster's backups and replication stay inside."
}

variable "azs" {
  type        = list(string)
  description = "One node per zone: primary, synchronous standby, asynchronous read replica."
}

variable "subnet_ids" {
  type        = list(string)
  description = "Private subnets in the order of var.azs."
}

variable "client_security_group_id" {
  type        = string
  description = "Security group of the clients (the API pool); the only one admitted."
}

variable "ami_parameter" {
  type        = string
  description = "SSM parameter holding the PostgreSQL node image."
}

variable "instance_type" {
  type        = string
  description = "Instance type of the PostgreSQL nodes."
}

variable "volume_gb" {
  type        = number
  description = "Data volume size per node, in GB."
}

variable "volume_iops" {
  type        = number
  description = "Provisioned IOPS of each data volume (gp3 allows up to 16000)."

  validation {
    condition     = var.volume_iops >= 3000 && var.volume_iops <= 16000
    error_message = "gp3 volumes take 3000 to 16000 IOPS."
  }
}

variable "snapshot_days" {
  type        = number
  description = "Days a daily data-volume snapshot is kept before lifecycle deletes it."
  default     = 14
}
