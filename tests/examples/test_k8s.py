"""The Kubernetes manifests of implementation/iac-and-cost.md, validated with
kubernetes-validate against the Kubernetes 1.33 OpenAPI schemas in strict mode (unknown
fields fail). Kept apart from the Terraform checks, so that a Terraform file that does
not parse cannot drop these."""

from __future__ import annotations

import copy
import re

import kubernetes_validate
import pytest
import yaml
from guide_support import ROOT

K8S = ROOT / "implementation" / "templates" / "k8s"
KUBERNETES_VERSION = "1.33.0"
K8S_FILES = sorted(K8S.glob("*.yaml"))


def _documents() -> list[tuple[str, dict]]:
    docs = []
    for path in K8S_FILES:
        for doc in yaml.safe_load_all(path.read_text()):
            if doc:
                docs.append((f"{path.name}:{doc['kind']}/{doc['metadata']['name']}", doc))
    return docs


DOCS = _documents()


@pytest.mark.parametrize("doc", [d for _, d in DOCS], ids=[n for n, _ in DOCS])
def test_manifest_is_valid_kubernetes(doc: dict) -> None:
    kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)


def test_validator_rejects_a_misspelled_field() -> None:
    deployment = copy.deepcopy(next(d for _, d in DOCS if d["kind"] == "Deployment"))
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    container["resource"] = container.pop("resources")
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, KUBERNETES_VERSION, strict=True)


def _of_kind(kind: str) -> list[dict]:
    return [d for _, d in DOCS if d["kind"] == kind]


@pytest.mark.parametrize(
    "deployment", _of_kind("Deployment"), ids=lambda d: d["metadata"]["name"]
)
def test_deployment_is_production_ready(deployment: dict) -> None:
    pod = deployment["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["automountServiceAccountToken"] is False
    for container in pod["containers"]:
        resources = container["resources"]
        assert {"cpu", "memory"} <= set(resources["requests"]) <= set(resources["limits"])
        assert "readinessProbe" in container and "livenessProbe" in container
        security = container["securityContext"]
        assert security["allowPrivilegeEscalation"] is False
        assert security["readOnlyRootFilesystem"] is True
        assert security["capabilities"]["drop"] == ["ALL"]
        assert re.search(r":\d{4}\.\d{2}\.\d+$", container["image"]), "pin a release tag"


def test_api_autoscaling_matches_the_utilisation_target_and_disruption_budget() -> None:
    (hpa,) = _of_kind("HorizontalPodAutoscaler")
    (pdb,) = _of_kind("PodDisruptionBudget")
    target = hpa["spec"]["metrics"][0]["resource"]["target"]["averageUtilization"]
    assert target == 55  # MET-OPS-UTIL target
    assert pdb["spec"]["minAvailable"] < hpa["spec"]["minReplicas"]


def test_every_service_selects_a_deployment() -> None:
    pod_labels = [d["spec"]["template"]["metadata"]["labels"] for d in _of_kind("Deployment")]
    for service in _of_kind("Service"):
        selector = service["spec"]["selector"].items()
        assert any(selector <= labels.items() for labels in pod_labels), service["metadata"]


def test_namespace_denies_ingress_by_default() -> None:
    policies = _of_kind("NetworkPolicy")
    assert any(p["spec"]["podSelector"] == {} and "ingress" not in p["spec"] for p in policies)
