variable "name" {
  type        = string
  description = "Name of the instance group, for example novacron-staging-api."
}

variable "role" {
  type        = string
  description = "Value of the role tag; node_exporter metrics are labelled with it (control-plane)."
}

variable "vpc_id" {
  type        = string
  description = "Network of the pool."
}

variable "vpc_cidr" {
  type        = string
  description = "Address range allowed to reach the service port (the internal load balancer)."
}

variable "subnet_ids" {
  type        = list(string)
  description = "Private subnets to spread the instances over, one per zone."
}

variable "ami_parameter" {
  type        = string
  description = "SSM parameter holding the image the image pipeline built last."
}

variable "service_port" {
  type        = number
  description = "TCP port the service listens on."
  default     = 8443
}

variable "instance_types" {
  type        = list(string)
  description = "Instance types the pool may use, in order of preference (rightsizing, MS-OPS-06)."
}

variable "min_size" {
  type        = number
  description = "Minimum instances; at least one per zone."
  default     = 3
}

variable "max_size" {
  type        = number
  description = "Maximum instances."
}

variable "on_demand_base" {
  type        = number
  description = "Instances always on demand; the reserved capacity bought in MS-OPS-06 covers them."
}

variable "spot_share_percent" {
  type        = number
  description = "Share of the capacity above the on-demand base that runs on spot."

  validation {
    condition     = var.spot_share_percent >= 0 && var.spot_share_percent <= 70
    error_message = "At most 70 % of the burst capacity may run on spot."
  }
}

variable "cpu_target_percent" {
  type        = number
  description = "Average CPU utilisation the autoscaler holds (MET-OPS-UTIL target: 55)."
}

variable "tags" {
  type        = map(string)
  description = "Tags for the instances the group launches (cost allocation)."
}
