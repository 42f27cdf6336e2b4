"""The Terraform templates of implementation/iac-and-cost.md.

Terraform files are parsed with python-hcl2 (the HCL2 grammar Terraform uses) and
checked for the properties the DevOps plan relies on, including that every
reference resolves. Files are parsed when a test first needs them, never while the
module is collected: a syntax error fails the tests of that file's configuration with
``file:line:column`` and the error, and every other check still runs (the Kubernetes
manifests are checked in test_k8s.py).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import hcl2
import pytest
import yaml
from guide_support import ROOT

TERRAFORM = ROOT / "implementation" / "templates" / "terraform"
K8S = ROOT / "implementation" / "templates" / "k8s"
COST = ROOT / "implementation" / "templates" / "cost" / "baseline-2025-09.yaml"
TF_FILES = sorted(TERRAFORM.rglob("*.tf"))
TF_DIRS = sorted({p.parent for p in TF_FILES})
STACK = TERRAFORM / "live" / "staging" / "eu-west-1" / "platform"


# ------------------------------------------------------------- Terraform

def _clean(value: Any) -> Any:
    """python-hcl2 keeps string quotes and block markers; strip them for assertions."""
    if isinstance(value, dict):
        return {_clean(k): _clean(v) for k, v in value.items() if not str(k).startswith("__")}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, str) and len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1]
    return value


class TerraformSyntaxError(AssertionError):
    """A Terraform file that does not parse, named with its line and column."""


@functools.cache
def _parse(path: Path) -> dict[str, Any]:
    name = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    try:
        with path.open(encoding="utf-8") as handle:
            return _clean(hcl2.load(handle))
    except Exception as error:  # python-hcl2 raises its parser's (lark's) errors
        first = (str(error).strip().splitlines() or [type(error).__name__])[0]
        line, column = getattr(error, "line", None), getattr(error, "column", None)
        place = f"{name}:{line}:{column}" if line else str(name)
        raise TerraformSyntaxError(f"{place}: not valid HCL: {first}") from None


@functools.cache
def _config(directory: Path) -> dict[str, list[dict[str, Any]]]:
    """All blocks of one Terraform configuration (one directory), by block type."""
    merged: dict[str, list[dict[str, Any]]] = {}
    for path in sorted(directory.glob("*.tf")):
        for block_type, blocks in _parse(path).items():
            merged.setdefault(block_type, []).extend(blocks)
    return merged


class _Configs:
    """``CONFIGS[directory]``: a configuration, parsed on first use."""

    def __getitem__(self, directory: Path) -> dict[str, list[dict[str, Any]]]:
        return _config(directory)

    def __contains__(self, directory: object) -> bool:
        return directory in TF_DIRS

    def values(self) -> list[dict[str, list[dict[str, Any]]]]:
        return [_config(d) for d in TF_DIRS]


CONFIGS = _Configs()


def _blocks(tf: dict, block_type: str) -> dict[tuple[str, str], dict]:
    """resource/data blocks as {(type, name): body}."""
    out = {}
    for entry in tf.get(block_type, []):
        for kind, named in entry.items():
            for name, body in named.items():
                out[(kind, name)] = body
    return out


def _named(tf: dict, block_type: str) -> dict[str, dict]:
    return {name: body for entry in tf.get(block_type, []) for name, body in entry.items()}


def _all(block_type: str) -> dict[tuple[str, str], dict]:
    return {k: v for tf in CONFIGS.values() for k, v in _blocks(tf, block_type).items()}


def _walk(value: Any, key: str) -> list[Any]:
    found = []
    if isinstance(value, dict):
        for k, v in value.items():
            if k == key:
                found.append(v)
            found += _walk(v, key)
    elif isinstance(value, list):
        for v in value:
            found += _walk(v, key)
    return found


def _source(directory: Path) -> str:
    return re.sub(r"#.*", "", "\n".join(p.read_text() for p in sorted(directory.glob("*.tf"))))


@pytest.mark.parametrize("path", TF_FILES, ids=lambda p: p.relative_to(TERRAFORM).as_posix())
def test_terraform_file_parses(path: Path) -> None:
    assert _parse(path)


def test_layout_is_modules_plus_one_state_per_stack() -> None:
    modules = {d.name for d in TF_DIRS if d.parent.name == "modules"}
    assert modules == {"network", "compute-pool", "postgres-cluster"}
    assert [d for d in TF_DIRS if "live" in d.parts] == [STACK]


def test_stack_pins_versions_and_uses_locked_encrypted_state() -> None:
    (settings,) = CONFIGS[STACK]["terraform"]
    assert re.fullmatch(r">= 1\.\d+\.\d+, < 2\.0\.0", settings["required_version"])
    (providers,) = settings["required_providers"]
    assert providers["aws"]["version"].startswith("~> ")
    (backend,) = settings["backend"]
    s3 = backend["s3"]
    assert s3["encrypt"] is True and s3["use_lockfile"] is True
    assert s3["key"] == "staging/eu-west-1/platform.tfstate"  # one state per stack


@pytest.mark.parametrize("directory", TF_DIRS, ids=lambda d: d.relative_to(TERRAFORM).as_posix())
def test_every_variable_and_output_is_typed_and_described(directory: Path) -> None:
    for name, body in _named(CONFIGS[directory], "variable").items():
        assert body.get("type") and body.get("description"), name
    for name, body in _named(CONFIGS[directory], "output").items():
        assert body.get("description"), name


@pytest.mark.parametrize("directory", TF_DIRS, ids=lambda d: d.relative_to(TERRAFORM).as_posix())
def test_every_reference_resolves(directory: Path) -> None:
    """What `terraform validate` reports first: references to undeclared things."""
    tf = CONFIGS[directory]
    text = _source(directory)
    declared_vars = set(_named(tf, "variable"))
    used_vars = set(re.findall(r"\bvar\.(\w+)", text))
    assert used_vars <= declared_vars, used_vars - declared_vars
    assert declared_vars <= used_vars, f"unused variables: {declared_vars - used_vars}"
    declared_locals = {k for block in tf.get("locals", []) for k in block}
    assert set(re.findall(r"\blocal\.(\w+)", text)) <= declared_locals
    assert set(re.findall(r"\bdata\.(\w+)\.(\w+)", text)) <= set(_blocks(tf, "data"))
    referenced = set(re.findall(r"(?<![.\w])(aws_\w+)\.(\w+)\b", text))
    assert referenced <= set(_blocks(tf, "resource")), referenced - set(_blocks(tf, "resource"))


# The module calls of the stack, read from its text so that collecting needs no parse.
MODULE_CALLS = sorted(set(re.findall(r'^module\s+"([\w-]+)"', "\n".join(
    p.read_text(encoding="utf-8") for p in sorted(STACK.glob("*.tf"))), re.MULTILINE)))


def test_module_calls_are_found() -> None:
    assert sorted(_named(CONFIGS[STACK], "module")) == MODULE_CALLS


@pytest.mark.parametrize("call", MODULE_CALLS)
def test_module_calls_match_the_module_interface(call: str) -> None:
    body = _named(CONFIGS[STACK], "module")[call]
    module_dir = (STACK / body["source"]).resolve()
    assert module_dir in TF_DIRS, body["source"]
    variables = _named(CONFIGS[module_dir], "variable")
    arguments = set(body) - {"source"}
    assert arguments <= set(variables), arguments - set(variables)
    required = {name for name, v in variables.items() if "default" not in v}
    assert required <= arguments, f"{call}: missing {required - arguments}"
    outputs = set(_named(CONFIGS[module_dir], "output"))
    used = set(re.findall(rf"\bmodule\.{call}\.(\w+)", _source(STACK)))
    assert used <= outputs, used - outputs


def test_cost_allocation_tags_are_applied_to_everything() -> None:
    tf = CONFIGS[STACK]
    (provider,) = tf["provider"]
    assert "local.common_tags" in provider["aws"]["default_tags"][0]["tags"]
    locals_ = {k: v for block in tf["locals"] for k, v in block.items()}
    assert {"environment", "cost_center", "owner", "managed_by"} <= set(locals_["common_tags"])


def test_all_storage_is_encrypted() -> None:
    resources = _all("resource")
    volumes = [b for (kind, _), b in resources.items() if kind == "aws_ebs_volume"]
    nested = _walk(resources, "ebs") + _walk(resources, "root_block_device")
    assert volumes and nested
    for volume in volumes + [b for block in nested for b in block]:
        assert volume["encrypted"] is True


def test_instances_require_imdsv2() -> None:
    resources = _all("resource")
    hosts = [b for (k, _), b in resources.items() if k in ("aws_instance", "aws_launch_template")]
    assert len(hosts) == 2
    for body in hosts:
        assert body["metadata_options"][0]["http_tokens"] == "required"


def test_stateful_resources_are_protected_from_destroy() -> None:
    for (kind, name), body in _all("resource").items():
        if kind in ("aws_instance", "aws_ebs_volume"):
            assert body["lifecycle"][0]["prevent_destroy"] is True, name


def test_no_ingress_from_the_internet_and_database_only_from_the_api() -> None:
    for (kind, name), body in _all("resource").items():
        if kind == "aws_security_group":
            for rule in body.get("ingress", []):
                assert "0.0.0.0/0" not in str(rule.get("cidr_blocks", "")), name
    db = _blocks(CONFIGS[TERRAFORM / "modules" / "postgres-cluster"], "resource")
    ingress = db[("aws_security_group", "this")]["ingress"]
    from_clients = [rule for rule in ingress if "security_groups" in rule]
    assert from_clients
    assert "var.client_security_group_id" in str(from_clients[0]["security_groups"])
    database_call = _named(CONFIGS[STACK], "module")["database"]
    assert database_call["client_security_group_id"] == "${module.api_pool.security_group_id}"


def test_three_zones_at_least() -> None:
    az_count = _named(CONFIGS[STACK], "variable")["az_count"]
    assert az_count["default"] >= 3
    assert ">= 3" in az_count["validation"][0]["condition"]
    azs = _named(CONFIGS[TERRAFORM / "modules" / "network"], "variable")["azs"]
    assert ">= 3" in azs["validation"][0]["condition"]


def test_autoscaling_holds_the_utilisation_target_of_the_cost_model() -> None:
    variables = _named(CONFIGS[STACK], "variable")
    cost = yaml.safe_load(COST.read_text())
    (autoscaling,) = [lever for lever in cost["levers"] if lever["id"] == "autoscaling"]
    assert variables["cpu_target_percent"]["default"] == autoscaling["target_utilisation"] == 55
    pool = _blocks(CONFIGS[TERRAFORM / "modules" / "compute-pool"], "resource")
    tracking = pool[("aws_autoscaling_policy", "cpu_target")]["target_tracking_configuration"][0]
    assert tracking["target_value"] == "${var.cpu_target_percent}"
    group = pool[("aws_autoscaling_group", "this")]
    distribution = group["mixed_instances_policy"][0]["instances_distribution"][0]
    assert distribution["on_demand_base_capacity"] == "${var.on_demand_base}"


def test_no_secrets_in_templates() -> None:
    pattern = re.compile(r"(password|secret|access_key|token)\s*=\s*\"", re.I)
    for path in TF_FILES:
        assert not pattern.search(path.read_text()), path.name


def test_a_syntax_error_names_the_file_and_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.tf"
    broken.write_text('resource "aws_s3_bucket" "b" {\n  bucket = \n}\n', encoding="utf-8")
    with pytest.raises(TerraformSyntaxError, match=rf"^{re.escape(str(broken))}:2:\d+: not "
                       "valid HCL: Unexpected token"):
        _parse(broken)
