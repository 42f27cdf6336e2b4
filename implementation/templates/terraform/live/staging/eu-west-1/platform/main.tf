# Staging platform stack in eu-west-1 (MS-OPS-02): network, the control-plane
# compute pool and the PostgreSQL cluster, built from the versioned modules.
# One state per stack, remote, encrypted and locked, so the drift-detection job
# of MS-OPS-05 and every engineer plan against the same state.
terraform {
  required_version = ">= 1.10.0, < 2.0.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.80"
    }
  }

  backend "s3" {
    bucket       = "novacron-terraform-state"
    key          = "staging/eu-west-1/platform.tfstate"
    region       = "eu-west-1"
    encrypt      = true
    use_lockfile = true
  }
}

provider "aws" {
  region = "eu-west-1"

  default_tags {
    tags = local.common_tags
  }
}

locals {
  name = "novacron-${var.environment}"

  # Every resource carries these tags; showback, budgets and the cost-drift
  # alert group spend by cost_center and environment (MS-OPS-07).
  common_tags = {
    project     = "novacron"
    environment = var.environment
    cost_center = var.cost_center
    owner       = var.owner
    managed_by  = "terraform"
  }

  azs = slice(data.aws_availability_zones.available.names, 0, var.az_count)
}

data "aws_availability_zones" "available" {
  state = "available"
}

module "network" {
  source = "../../../../modules/network"

  name     = local.name
  vpc_cidr = var.vpc_cidr
  azs      = local.azs
}

module "api_pool" {
  source = "../../../../modules/compute-pool"

  name               = "${local.name}-api"
  role               = "control-plane"
  vpc_id             = module.network.vpc_id
  vpc_cidr           = module.network.vpc_cidr
  subnet_ids         = module.network.private_subnet_ids
  ami_parameter      = "/novacron/${var.environment}/ami/control-plane"
  instance_types     = var.api_instance_types
  min_size           = var.api_min_size
  max_size           = var.api_max_size
  on_demand_base     = var.api_on_demand_base
  spot_share_percent = var.api_spot_share_percent
  cpu_target_percent = var.cpu_target_percent
  tags               = local.common_tags
}

module "database" {
  source = "../../../../modules/postgres-cluster"

  name                     = "${local.name}-db"
  vpc_id                   = module.network.vpc_id
  vpc_cidr                 = module.network.vpc_cidr
  azs                      = local.azs
  subnet_ids               = module.network.private_subnet_ids
  client_security_group_id = module.api_pool.security_group_id
  ami_parameter            = "/novacron/${var.environment}/ami/postgresql"
  instance_type            = var.db_instance_type
  volume_gb                = var.db_volume_gb
  volume_iops              = var.db_volume_iops
}
