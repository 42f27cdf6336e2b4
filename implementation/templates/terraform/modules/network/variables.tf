variable "name" {
  type        = string
  description = "Name prefix of every resource, for example novacron-staging."
}

variable "vpc_cidr" {
  type        = string
  description = "Address range of the platform network."

  validation {
    condition     = can(cidrnetmask(var.vpc_cidr))
    error_message = "The vpc_cidr must be a valid IPv4 CIDR block."
  }
}

variable "azs" {
  type        = list(string)
  description = "Availability zones to spread over; three keep a quorum when one zone fails."

  validation {
    condition     = length(var.azs) >= 3
    error_message = "At least three availability zones are required for the 99.99 % availability target."
  }
}
