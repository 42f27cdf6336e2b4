"""Central token validation for every NovaCron service (MS-SEC-02).

This is the validation core of the ``novacron.auth`` library: one function,
`TokenValidator.validate`, decides whether a bearer token is genuine, and services
never decode tokens themselves. The rules, in the order they run:

1. The token has three parts and a JSON header (else ``malformed``).
2. The ``kid`` names a key of the issuer's current key set (``unknown_key``).
3. The header's ``alg`` is the algorithm pinned to that key (RS256 or EdDSA); the
   token never chooses its own algorithm, so ``none`` and HMAC-with-the-public-key
   are refused before any key is used (``algorithm_not_allowed``).
4. The signature verifies with that key (``bad_signature``).
5. ``iss``, ``aud``, ``sub``, ``exp``, ``nbf``, ``iat`` and ``jti`` are all present
   (``missing_claim``), the issuer and the audience are exactly this service's
   (``wrong_issuer``, ``wrong_audience``), and the time claims hold with at most
   30 s of clock skew (``expired``, ``not_yet_valid``).
6. The token lives at most 15 minutes (``lifetime_too_long``) and its ``jti`` is not
   on the revocation list (``revoked``).

The result is an `Identity`: who the caller is. What the caller may do is not in
the token at all; `route_authz` looks it up on the server side.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import jwt

#: Signature algorithms a key may be pinned to. Never HMAC, never ``none``.
ALLOWED_ALGORITHMS: tuple[str, ...] = ("RS256", "EdDSA")
#: Claims every token must carry.
REQUIRED_CLAIMS: tuple[str, ...] = ("iss", "aud", "sub", "exp", "nbf", "iat", "jti")

_REASONS: tuple[tuple[type[jwt.InvalidTokenError], str], ...] = (
    # Order matters: the more specific exception classes first.
    (jwt.ExpiredSignatureError, "expired"),
    (jwt.ImmatureSignatureError, "not_yet_valid"),
    (jwt.InvalidIssuerError, "wrong_issuer"),
    (jwt.InvalidAudienceError, "wrong_audience"),
    (jwt.MissingRequiredClaimError, "missing_claim"),
    (jwt.InvalidSignatureError, "bad_signature"),
    (jwt.InvalidAlgorithmError, "algorithm_not_allowed"),
    (jwt.DecodeError, "malformed"),
)


class TokenRejected(Exception):
    """A token failed validation; `reason` is a short code used in logs and metrics."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class TokenPolicy:
    """What this service accepts. One policy per service, set at deploy time."""

    issuer: str
    audience: str
    leeway_seconds: int = 30
    max_lifetime_seconds: int = 900


@dataclass(frozen=True)
class IssuerKey:
    """One key of the issuer's published key set, pinned to one algorithm."""

    algorithm: str
    public_key: object

    def __post_init__(self) -> None:
        if self.algorithm not in ALLOWED_ALGORITHMS:
            raise ValueError(f"algorithm {self.algorithm!r} is not allowed")


@dataclass(frozen=True)
class Identity:
    """The authenticated caller. Deliberately carries no roles and no tenant."""

    subject: str
    token_id: str
    expires_at: int


class TokenValidator:
    """Validates bearer tokens against a policy and the issuer's public key set."""

    def __init__(
        self,
        policy: TokenPolicy,
        keys: Mapping[str, IssuerKey],
        is_revoked: Callable[[str], bool] = lambda token_id: False,
    ) -> None:
        self._policy = policy
        self._keys = dict(keys)
        self._is_revoked = is_revoked

    def validate(self, token: str) -> Identity:
        """Return the caller's identity, or raise `TokenRejected` with the reason."""
        if not isinstance(token, str) or token.count(".") != 2:
            raise TokenRejected("malformed")
        try:
            header = jwt.get_unverified_header(token)
        except jwt.DecodeError as exc:
            raise TokenRejected("malformed") from exc
        kid = header.get("kid")
        key = self._keys.get(kid) if isinstance(kid, str) else None
        if key is None:
            raise TokenRejected("unknown_key")
        if header.get("alg") != key.algorithm:
            raise TokenRejected("algorithm_not_allowed")
        try:
            claims = jwt.decode(
                token,
                key=key.public_key,
                algorithms=[key.algorithm],
                audience=self._policy.audience,
                issuer=self._policy.issuer,
                leeway=self._policy.leeway_seconds,
                options={"require": list(REQUIRED_CLAIMS), "strict_aud": True},
            )
        except jwt.InvalidTokenError as exc:
            raise TokenRejected(_reason_for(exc)) from exc
        if claims["exp"] - claims["iat"] > self._policy.max_lifetime_seconds:
            raise TokenRejected("lifetime_too_long")
        if not isinstance(claims["sub"], str) or not claims["sub"]:
            raise TokenRejected("missing_claim")
        if self._is_revoked(str(claims["jti"])):
            raise TokenRejected("revoked")
        return Identity(
            subject=claims["sub"], token_id=str(claims["jti"]), expires_at=claims["exp"]
        )


def _reason_for(exc: jwt.InvalidTokenError) -> str:
    for exc_type, reason in _REASONS:
        if isinstance(exc, exc_type):
            return reason
    return "invalid"
