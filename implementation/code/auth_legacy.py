"""The pre-fix request path, reconstructed to measure the attack catalogue against it.

It reproduces the defects behind the CVSS 9.1 authentication bypass (GAP-SEC-AUTH)
that the week-1 containment (MS-SEC-01) found. Do not copy it anywhere:

* D1: the token chooses its own algorithm (``alg: none`` is accepted, and ``HS256``
  is verified with the public key as the HMAC secret);
* D2: the role comes from the ``X-NovaCron-Role`` header the web console sets;
* D3: the tenant check uses the ``X-NovaCron-Tenant`` header, not the tenant in the URL;
* D4: a route can be registered without any check, and the export route was.

Expiry, not-before, issuer, audience and the Ed25519 signature itself were checked.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import time
from collections.abc import Callable, Mapping

from auth_tokens import TokenPolicy
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from route_authz import ROLE_PERMISSIONS, GrantStore, Request, Response


def _b64decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


class LegacyRouter:
    def __init__(self, policy: TokenPolicy, key: Ed25519PublicKey, grants: GrantStore) -> None:
        self._policy = policy
        self._key = key
        self._pem = key.public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
        self._grants = grants
        self._routes: list[tuple[str, re.Pattern[str], str | None, Callable[..., Response]]] = []

    def route(self, method: str, pattern: str, *, permission: str | None = None, **_: object):
        regex = re.compile("^" + re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", pattern) + "$")

        def register(handler: Callable[..., Response]) -> Callable[..., Response]:
            self._routes.append((method, regex, permission, handler))  # D4: None = no check
            return handler

        return register

    def _claims(self, token: str) -> Mapping[str, object] | None:
        try:
            header_b64, payload_b64, signature_b64 = token.split(".")
            header = json.loads(_b64decode(header_b64))
            claims = json.loads(_b64decode(payload_b64))
            signature = _b64decode(signature_b64)
        except ValueError:
            return None
        signing_input = f"{header_b64}.{payload_b64}".encode()
        alg = header.get("alg")
        if alg == "none":  # D1
            pass
        elif alg == "HS256":  # D1: key confusion
            expected = hmac.new(self._pem, signing_input, hashlib.sha256).digest()
            if not hmac.compare_digest(expected, signature):
                return None
        elif alg == "EdDSA":
            try:
                self._key.verify(signature, signing_input)
            except InvalidSignature:
                return None
        else:
            return None
        now, leeway = time.time(), self._policy.leeway_seconds
        if not isinstance(claims.get("exp"), int) or claims["exp"] <= now - leeway:
            return None
        if isinstance(claims.get("nbf"), int) and claims["nbf"] > now + leeway:
            return None
        if claims.get("iss") != self._policy.issuer or claims.get("aud") != self._policy.audience:
            return None
        return claims

    def handle(self, request: Request) -> Response:
        for method, regex, permission, handler in self._routes:
            match = regex.match(request.path)
            if method != request.method or not match:
                continue
            params = match.groupdict()
            if permission is None:  # D4
                return handler(request, None, params)
            _, _, token = request.headers.get("Authorization", "").partition(" ")
            claims = self._claims(token)
            if claims is None:
                return Response(401, "invalid_token")
            subject = str(claims.get("sub"))
            tenant = request.headers.get("X-NovaCron-Tenant", params.get("tenant"))  # D3
            role = request.headers.get("X-NovaCron-Role")  # D2
            if role is not None:
                granted = ROLE_PERMISSIONS.get(role, frozenset())
            else:
                granted = self._grants.permissions(subject, tenant)
            if permission not in granted:
                return Response(403, "forbidden")
            return handler(request, None, params)
        return Response(404, "no such route")
