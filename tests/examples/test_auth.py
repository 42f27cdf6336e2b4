"""The auth-bypass guide (implementation/auth-bypass.md): every attack class is
rejected, legitimate requests are served, routes cannot be declared unchecked."""

from __future__ import annotations

import time

import jwt
import pytest
from auth_attacks import (
    AUDIENCE,
    GRANTS,
    POLICY,
    Case,
    World,
    build_world,
    register_routes,
    run_catalogue,
)
from auth_tokens import IssuerKey, TokenPolicy, TokenRejected, TokenValidator
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from route_authz import PUBLIC_ALLOWLIST, Request, Response, RouteDefinitionError, Router

# The world's keys and routes never expire, but the tokens of its cases are minted with
# a lifetime of minutes: a world built when the module is collected would hold expired
# tokens by the time a long suite reaches these tests. The collected world names the
# cases; each test reads the case of that name from a world built when it runs.
WORLD = build_world()


def fresh(cases: str, name: str) -> tuple[World, Case]:
    """A world built now, and its case ``name`` among ``cases`` (attacks, legitimate)."""
    world = build_world()
    (case,) = [c for c in getattr(world, cases) if c.name == name]
    return world, case

# Why the fixed stack rejects each attack: the reason code the 401 carries, or 403.
EXPECTED_REASON = {
    "unsigned token (alg none)": "algorithm_not_allowed",
    "signature stripped": "bad_signature",
    "signed with the attacker's key": "bad_signature",
    "HS256 with the public key as secret": "algorithm_not_allowed",
    "expired 10 minutes ago": "expired",
    "not valid for 10 more minutes": "not_yet_valid",
    "wrong issuer": "wrong_issuer",
    "wrong audience": "wrong_audience",
    "payload edited, signature kept": "bad_signature",
    "role escalated by client header": "forbidden",
    "tenant switched by client header": "not_found",
    "route registered without a check": "forbidden",
}


def test_catalogue_covers_every_bypass_class() -> None:
    assert [case.name for case in WORLD.attacks] == list(EXPECTED_REASON)


@pytest.mark.parametrize("name", [c.name for c in WORLD.attacks])
def test_attack_is_rejected(name: str) -> None:
    world, case = fresh("attacks", name)
    response = world.router.handle(case.request)
    assert (response.status, response.body) == (case.expected, EXPECTED_REASON[case.name])


@pytest.mark.parametrize("name", [c.name for c in WORLD.legitimate])
def test_legitimate_request_is_served(name: str) -> None:
    world, case = fresh("legitimate", name)
    assert world.router.handle(case.request).status == 200


def test_fixed_stack_rejects_the_whole_catalogue() -> None:
    world = build_world()
    result = run_catalogue(world.router.handle, world.attacks, world.legitimate)
    assert result.rejection_rate == 100 and not result.refused


def test_legacy_reconstruction_reproduces_the_58_percent_baseline() -> None:
    world = build_world()
    result = run_catalogue(world.legacy.handle, world.attacks, world.legitimate)
    assert round(result.rejection_rate) == 58  # MET-SEC-AUTHSUITE baseline
    assert len(result.bypassed) == 5 and not result.refused


# ------------------------------------------------ validator unit tests

@pytest.fixture
def validator() -> TokenValidator:
    return TokenValidator(POLICY, WORLD.idp.key_set())


def _reason(validator: TokenValidator, token: str) -> str:
    with pytest.raises(TokenRejected) as rejected:
        validator.validate(token)
    return rejected.value.reason


@pytest.mark.parametrize("claim", ["exp", "nbf", "iat", "iss", "aud", "sub", "jti"])
def test_each_required_claim_is_required(validator: TokenValidator, claim: str) -> None:
    token = WORLD.idp.mint("alice", **{claim: None})
    assert _reason(validator, token) == "missing_claim"


def test_lifetime_longer_than_15_minutes_is_rejected(validator: TokenValidator) -> None:
    now = int(time.time())
    token = WORLD.idp.mint("alice", iat=now, exp=now + 3600)
    assert _reason(validator, token) == "lifetime_too_long"


def test_unknown_key_id_is_rejected(validator: TokenValidator) -> None:
    token = jwt.encode(
        WORLD.idp.claims("alice"), Ed25519PrivateKey.generate(), algorithm="EdDSA",
        headers={"kid": "retired-2024"},
    )
    assert _reason(validator, token) == "unknown_key"


def test_kid_injection_is_an_unknown_key(validator: TokenValidator) -> None:
    token = jwt.encode(
        WORLD.idp.claims("alice"), WORLD.idp.private_key, algorithm="EdDSA",
        headers={"kid": "../../../../dev/null"},
    )
    assert _reason(validator, token) == "unknown_key"


def test_revoked_token_is_rejected() -> None:
    token = WORLD.idp.mint("alice", jti="revoked-0001")
    revoked = {"revoked-0001"}
    validator = TokenValidator(POLICY, WORLD.idp.key_set(), is_revoked=revoked.__contains__)
    assert _reason(validator, token) == "revoked"


def test_audience_list_is_not_accepted(validator: TokenValidator) -> None:
    token = WORLD.idp.mint("alice", aud=[AUDIENCE, "novacron-billing"])
    assert _reason(validator, token) == "wrong_audience"


@pytest.mark.parametrize("token", ["", "abc", "a.b", "a.b.c", "....", "x" * 50])
def test_malformed_tokens_are_rejected(validator: TokenValidator, token: str) -> None:
    assert _reason(validator, token) == "malformed"


def test_clock_skew_beyond_leeway_is_rejected() -> None:
    strict = TokenValidator(
        TokenPolicy(POLICY.issuer, POLICY.audience, leeway_seconds=5), WORLD.idp.key_set()
    )
    now = int(time.time())
    assert _reason(strict, WORLD.idp.mint("alice", iat=now + 20, nbf=now + 20)) == "not_yet_valid"


def test_rs256_keys_work_and_stay_pinned() -> None:
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    keys = {"idp-rsa": IssuerKey("RS256", rsa_key.public_key()), **WORLD.idp.key_set()}
    validator = TokenValidator(POLICY, keys)
    claims = WORLD.idp.claims("alice")
    good = jwt.encode(claims, rsa_key, algorithm="RS256", headers={"kid": "idp-rsa"})
    assert validator.validate(good).subject == "alice"
    # The Ed25519 key's kid with an RS256 header: the algorithm is pinned per key.
    crossed = jwt.encode(claims, rsa_key, algorithm="RS256", headers={"kid": WORLD.idp.kid})
    assert _reason(validator, crossed) == "algorithm_not_allowed"


def test_hmac_and_none_cannot_be_pinned() -> None:
    for algorithm in ("HS256", "none"):
        with pytest.raises(ValueError):
            IssuerKey(algorithm, b"secret")


def test_role_and_tenant_claims_in_a_genuine_token_grant_nothing() -> None:
    token = WORLD.idp.mint("alice", roles=["platform-admin"], tenant="globex")
    headers = {"Authorization": f"Bearer {token}"}
    assert WORLD.router.handle(Request("GET", "/v1/admin/export", headers)).status == 403
    assert WORLD.router.handle(Request("GET", "/v1/tenants/globex/vms", headers)).status == 404


# --------------------------------------------- deny-by-default routing

def _router() -> Router:
    router = Router(TokenValidator(POLICY, WORLD.idp.key_set()), GRANTS)
    register_routes(router)
    return router


def test_undeclared_route_answers_403_and_fails_the_inventory() -> None:
    router = _router()
    router.route("GET", "/v1/debug/dump")(lambda *_: Response(200, "dump"))
    token = WORLD.idp.mint("ops-admin")
    response = router.handle(Request("GET", "/v1/debug/dump", {"Authorization": f"Bearer {token}"}))
    assert (response.status, response.body) == (403, "no_policy")
    assert router.inventory_problems() == ["GET /v1/debug/dump: no policy"]


def test_public_route_must_be_on_the_allow_list() -> None:
    router = _router()
    router.route("GET", "/v1/status", public=True)(lambda *_: Response(200))
    assert router.inventory_problems() == ["GET /v1/status: public but not on the allow-list"]


def test_permission_must_exist() -> None:
    router = _router()
    router.route("GET", "/v1/tenants/{tenant}/images", permission="image:read")(lambda *_: None)
    assert router.inventory_problems() == [
        "GET /v1/tenants/{tenant}/images: no role grants 'image:read'"
    ]


def test_route_cannot_be_both_public_and_protected() -> None:
    with pytest.raises(RouteDefinitionError):
        _router().route("GET", "/healthz", public=True, permission="vm:read")


def test_route_inventory_of_the_api_is_clean() -> None:
    assert WORLD.router.inventory_problems() == []
    public = {(m, p) for m, p, policy in WORLD.router.inventory() if policy == "public"}
    assert public <= PUBLIC_ALLOWLIST


@pytest.mark.parametrize(
    "method,pattern,policy",
    [r for r in WORLD.router.inventory() if r[2] != "public"],
    ids=lambda v: str(v),
)
def test_every_protected_route_refuses_anonymous_and_foreign_callers(
    method: str, pattern: str, policy: str
) -> None:
    path = pattern.replace("{tenant}", "globex").replace("{vm}", "vm-1")
    assert WORLD.router.handle(Request(method, path)).status == 401
    foreign = {"Authorization": f"Bearer {WORLD.idp.mint('alice')}"}  # alice: tenant acme
    expected = 404 if "{tenant}" in pattern else 403
    assert WORLD.router.handle(Request(method, path, foreign)).status == expected
