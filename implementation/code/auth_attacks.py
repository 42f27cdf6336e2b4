"""Attack cases of the auth-bypass catalogue (MET-SEC-AUTHSUITE) and their harness.

`build_world()` sets up an identity provider key, the control-plane routes on the
fixed router (`route_authz`) and on the reconstructed legacy one (`auth_legacy`),
12 attack cases (one per technique of the 50-case catalogue of MS-SEC-01) and the
legitimate requests that must keep working. `run_catalogue()` replays them and
reports the share of attacks rejected: 401, 403, or 404 for a cross-tenant read.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import jwt
from auth_legacy import LegacyRouter
from auth_tokens import IssuerKey, TokenPolicy, TokenValidator
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from route_authz import ALL_TENANTS, GrantStore, Request, Response, Router

ISSUER = "https://id.novacron.internal"
AUDIENCE = "novacron-control-plane-api"
POLICY = TokenPolicy(issuer=ISSUER, audience=AUDIENCE)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _b64json(value: Mapping[str, object]) -> str:
    return _b64(json.dumps(value, separators=(",", ":")).encode())


class IdentityProvider:
    """Mints tokens the way the real identity provider does, plus the attacker's variants."""

    def __init__(self, kid: str = "idp-2025-09") -> None:
        self.kid = kid
        self.private_key = Ed25519PrivateKey.generate()
        self.public_key = self.private_key.public_key()

    def key_set(self) -> dict[str, IssuerKey]:
        """The published key set as the services load it: kid -> pinned algorithm and key."""
        return {self.kid: IssuerKey("EdDSA", self.public_key)}

    def claims(self, subject: str, **overrides: object) -> dict[str, object]:
        now = int(time.time())
        claims: dict[str, object] = {
            "iss": ISSUER,
            "aud": AUDIENCE,
            "sub": subject,
            "iat": now,
            "nbf": now,
            "exp": now + 300,
            "jti": str(uuid.uuid4()),
        }
        claims.update(overrides)
        return {k: v for k, v in claims.items() if v is not None}

    def mint(self, subject: str, *, key: Ed25519PrivateKey | None = None, **claims: object) -> str:
        return jwt.encode(
            self.claims(subject, **claims),
            key or self.private_key,
            algorithm="EdDSA",
            headers={"kid": self.kid},
        )

    def unsigned(self, subject: str) -> str:
        header = {"alg": "none", "typ": "JWT", "kid": self.kid}
        return f"{_b64json(header)}.{_b64json(self.claims(subject))}."

    def hmac_with_public_key(self, subject: str) -> str:
        header = {"alg": "HS256", "typ": "JWT", "kid": self.kid}
        signing_input = f"{_b64json(header)}.{_b64json(self.claims(subject))}"
        secret = self.public_key.public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
        signature = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
        return f"{signing_input}.{_b64(signature)}"


def strip_signature(token: str) -> str:
    header, payload, _ = token.split(".")
    return f"{header}.{payload}."


def swap_subject(token: str, subject: str) -> str:
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["sub"] = subject
    return f"{header}.{_b64json(claims)}.{signature}"


@dataclass(frozen=True)
class Case:
    name: str
    request: Request
    #: Status the fixed router must answer: 401, 403 or 404 (cross-tenant) for attacks,
    #: 200 for legitimate use.
    expected: int


@dataclass
class World:
    idp: IdentityProvider
    router: Router
    legacy: LegacyRouter
    attacks: list[Case] = field(default_factory=list)
    legitimate: list[Case] = field(default_factory=list)


GRANTS = GrantStore(
    {
        "alice": {"acme": frozenset({"tenant-viewer"})},
        "bob": {"acme": frozenset({"tenant-operator"})},
        "ops-admin": {ALL_TENANTS: frozenset({"platform-admin"})},
    }
)


def _ok(request: Request, identity: object, params: Mapping[str, str]) -> Response:
    return Response(200, f"{request.method} {request.path}")


def register_routes(router: Router | LegacyRouter, *, legacy: bool = False) -> None:
    router.route("GET", "/healthz", public=True)(_ok)
    router.route("GET", "/v1/tenants/{tenant}/vms", permission="vm:read")(_ok)
    router.route("POST", "/v1/tenants/{tenant}/vms/{vm}/stop", permission="vm:write")(_ok)
    # The legacy service registered the export route without a permission (D4).
    router.route("GET", "/v1/admin/export", permission=None if legacy else "admin:export")(_ok)


def _get(path: str, token: str | None, **headers: str) -> Request:
    return _request("GET", path, token, **headers)


def _request(method: str, path: str, token: str | None, **headers: str) -> Request:
    all_headers = {k.replace("_", "-"): v for k, v in headers.items()}
    if token is not None:
        all_headers["Authorization"] = f"Bearer {token}"
    return Request(method, path, all_headers)


def build_world() -> World:
    idp = IdentityProvider()
    router = Router(TokenValidator(POLICY, idp.key_set()), GRANTS)
    legacy = LegacyRouter(POLICY, idp.public_key, GRANTS)
    register_routes(router)
    register_routes(legacy, legacy=True)

    vms = "/v1/tenants/acme/vms"
    stop = "/v1/tenants/acme/vms/vm-42/stop"
    now = int(time.time())
    alice = idp.mint("alice")
    expired = idp.mint("alice", iat=now - 900, exp=now - 600)
    skewed = idp.mint("alice", iat=now + 20, nbf=now + 20)  # issuer clock 20 s ahead
    attacker_key = Ed25519PrivateKey.generate()
    attacks = [
        Case("unsigned token (alg none)", _get(vms, idp.unsigned("alice")), 401),
        Case("signature stripped", _get(vms, strip_signature(alice)), 401),
        Case("signed with the attacker's key", _get(vms, idp.mint("alice", key=attacker_key)), 401),
        Case(
            "HS256 with the public key as secret", _get(vms, idp.hmac_with_public_key("alice")), 401
        ),
        Case("expired 10 minutes ago", _get(vms, expired), 401),
        Case("not valid for 10 more minutes", _get(vms, idp.mint("alice", nbf=now + 600)), 401),
        Case("wrong issuer", _get(vms, idp.mint("alice", iss="https://evil.example")), 401),
        Case("wrong audience", _get(vms, idp.mint("alice", aud="novacron-billing")), 401),
        Case("payload edited, signature kept", _get(vms, swap_subject(alice, "ops-admin")), 401),
        Case(
            "role escalated by client header",
            _request("POST", stop, alice, X_NovaCron_Role="platform-admin"),
            403,
        ),
        Case(
            "tenant switched by client header",
            _get("/v1/tenants/globex/vms", alice, X_NovaCron_Tenant="acme"),
            404,
        ),
        Case("route registered without a check", _get("/v1/admin/export", alice), 403),
    ]
    legitimate = [
        Case("viewer lists own tenant's VMs", _get(vms, alice), 200),
        Case("operator stops a VM in own tenant", _request("POST", stop, idp.mint("bob")), 200),
        Case("platform admin exports", _get("/v1/admin/export", idp.mint("ops-admin")), 200),
        Case("issuer clock 20 s ahead", _get(vms, skewed), 200),
    ]
    return World(idp, router, legacy, attacks, legitimate)


@dataclass(frozen=True)
class CatalogueResult:
    rejected: list[str]
    bypassed: list[str]
    served: list[str]
    refused: list[str]

    @property
    def rejection_rate(self) -> float:
        return 100 * len(self.rejected) / (len(self.rejected) + len(self.bypassed))

    def summary(self) -> str:
        attacks = len(self.rejected) + len(self.bypassed)
        legit = len(self.served) + len(self.refused)
        return (
            f"{len(self.rejected)} of {attacks} attack cases rejected "
            f"({self.rejection_rate:.0f} %); "
            f"{len(self.served)} of {legit} legitimate requests served"
        )


def run_catalogue(
    handle: Callable[[Request], Response], attacks: Iterable[Case], legitimate: Iterable[Case]
) -> CatalogueResult:
    rejected, bypassed, served, refused = [], [], [], []
    for case in attacks:
        (rejected if handle(case.request).status in (401, 403, 404) else bypassed).append(case.name)
    for case in legitimate:
        (served if handle(case.request).status == 200 else refused).append(case.name)
    return CatalogueResult(rejected, bypassed, served, refused)
