# PostgreSQL cluster module: one node per zone, with a synchronous standby that
# the failover controller (Patroni) promotes and PgBouncer in front. Managed
# database services fail over in tens of seconds; the under-2-second recovery
# target (MET-REL-RECOVERY) needs the controller's short leader lease and client
# reconnects through PgBouncer, which MS-DB-06 tunes and drills.

data "aws_ssm_parameter" "ami" {
  name = var.ami_parameter
}

data "aws_caller_identity" "current" {}

resource "aws_security_group" "this" {
  name        = var.name
  description = "PostgreSQL nodes of ${var.name}: reachable from the API pool only"
  vpc_id      = var.vpc_id

  ingress {
    description     = "PostgreSQL through PgBouncer from the API pool"
    from_port       = 6432
    to_port         = 6432
    protocol        = "tcp"
    security_groups = [var.client_security_group_id]
  }

  ingress {
    description = "Replication and failover coordination between the nodes"
    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    self        = true
  }

  egress {
    description = "Replication and backups inside the platform network"
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = [var.vpc_cidr]
  }

  tags = {
    Name = var.name
  }
}

resource "aws_instance" "node" {
  count                  = length(var.azs)
  ami                    = data.aws_ssm_parameter.ami.value
  instance_type          = var.instance_type
  subnet_id              = var.subnet_ids[count.index]
  vpc_security_group_ids = [aws_security_group.this.id]
  ebs_optimized          = true
  monitoring             = true

  metadata_options {
    http_endpoint = "enabled"
    http_tokens   = "required"
  }

  root_block_device {
    volume_size = 50
    volume_type = "gp3"
    encrypted   = true
  }

  tags = {
    Name = "${var.name}-${count.index}"
    role = "postgresql"
  }

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_ebs_volume" "data" {
  count             = length(var.azs)
  availability_zone = var.azs[count.index]
  size              = var.volume_gb
  type              = "gp3"
  iops              = var.volume_iops
  throughput        = 500
  encrypted         = true

  tags = {
    Name = "${var.name}-data-${count.index}"
    role = "postgresql"
  }

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_volume_attachment" "data" {
  count       = length(var.azs)
  device_name = "/dev/sdf"
  volume_id   = aws_ebs_volume.data[count.index].id
  instance_id = aws_instance.node[count.index].id
}

resource "aws_dlm_lifecycle_policy" "snapshots" {
  description        = "Daily snapshots of ${var.name} data volumes"
  execution_role_arn = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/novacron-dlm"
  state              = "ENABLED"

  policy_details {
    resource_types = ["VOLUME"]

    target_tags = {
      role = "postgresql"
    }

    schedule {
      name = "daily"

      create_rule {
        interval      = 24
        interval_unit = "HOURS"
        times         = ["02:00"]
      }

      retain_rule {
        count = var.snapshot_days
      }

      copy_tags = true
    }
  }
}
