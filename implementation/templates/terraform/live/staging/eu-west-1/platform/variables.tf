variable "environment" {
  type        = string
  description = "Deployment environment of this stack."
  default     = "staging"

  validation {
    condition     = contains(["staging", "production"], var.environment)
    error_message = "The environment must be staging or production."
  }
}

variable "owner" {
  type        = string
  description = "Accountable team, written into the owner tag."
  default     = "devops"
}

variable "cost_center" {
  type        = string
  description = "Cost center for showback and budgets (MS-OPS-07)."
  default     = "novacron-platform"
}

variable "vpc_cidr" {
  type        = string
  description = "Address range of the platform network."
  default     = "10.40.0.0/16"
}

variable "az_count" {
  type        = number
  description = "Availability zones to use."
  default     = 3

  validation {
    condition     = var.az_count >= 3
    error_message = "At least three availability zones are required for the 99.99 % availability target."
  }
}

variable "api_instance_types" {
  type        = list(string)
  description = "Instance types of the control-plane pool, in order of preference."
  default     = ["m7g.large", "m6g.large", "c7g.xlarge"]
}

variable "api_min_size" {
  type        = number
  description = "Minimum control-plane instances (one per zone at least)."
  default     = 3
}

variable "api_max_size" {
  type        = number
  description = "Maximum control-plane instances."
  default     = 30
}

variable "api_on_demand_base" {
  type        = number
  description = "Control-plane instances always on demand, covered by reserved capacity."
  default     = 3
}

variable "api_spot_share_percent" {
  type        = number
  description = "Share of the control-plane burst capacity on spot."
  default     = 50
}

variable "cpu_target_percent" {
  type        = number
  description = "Average CPU utilisation the autoscaler holds (MET-OPS-UTIL target: 55)."
  default     = 55
}

variable "db_instance_type" {
  type        = string
  description = "Instance type of the PostgreSQL nodes."
  default     = "r7g.2xlarge"
}

variable "db_volume_gb" {
  type        = number
  description = "Data volume size per PostgreSQL node, in GB."
  default     = 1000
}

variable "db_volume_iops" {
  type        = number
  description = "Provisioned IOPS of each PostgreSQL data volume."
  default     = 12000
}
