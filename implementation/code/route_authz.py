"""Deny-by-default route authorization and the route inventory (MS-SEC-03).

Every route declares a policy: a required permission (``vm:write``), or the explicit
``public`` marker for the reviewed allow-list (health, readiness, login, key set).
A request is served only when:

* the route has a policy; an undeclared route answers 403 and is logged;
* the bearer token passes `auth_tokens.TokenValidator` (else 401);
* for a tenant-scoped route (``{tenant}`` in its path), the caller holds a grant in
  that tenant; otherwise the answer is 404, so other tenants' resources cannot even
  be discovered;
* the caller's grants give the route's permission (else 403).

Grants come from the grant store (the authorization service), keyed by the token's
subject. Client input (headers such as ``X-NovaCron-Role`` or ``X-NovaCron-Tenant``,
query strings, and any ``roles`` or ``tenant`` claim inside the token) is never read.
`Router.inventory_problems` is the route inventory test that gates every merge.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from auth_tokens import Identity, TokenRejected, TokenValidator

log = logging.getLogger("novacron.auth")

#: Permissions granted by each role. Grants under ALL_TENANTS apply in every tenant.
ROLE_PERMISSIONS: Mapping[str, frozenset[str]] = {
    "tenant-viewer": frozenset({"vm:read"}),
    "tenant-operator": frozenset({"vm:read", "vm:write"}),
    "platform-admin": frozenset({"vm:read", "vm:write", "admin:export"}),
}
ALL_TENANTS = "*"
#: Public routes reviewed and signed by the Security Lead.
PUBLIC_ALLOWLIST: frozenset[tuple[str, str]] = frozenset(
    {
        ("GET", "/healthz"),
        ("GET", "/readyz"),
        ("POST", "/v1/login"),
        ("GET", "/.well-known/jwks.json"),
    }
)
PUBLIC = "public"
UNDECLARED = "undeclared"


class RouteDefinitionError(Exception):
    """A route declaration contradicts itself."""


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Response:
    status: int
    body: str = ""


Handler = Callable[[Request, "Identity | None", Mapping[str, str]], Response]


@dataclass(frozen=True)
class Route:
    method: str
    pattern: str
    policy: str  # a permission, PUBLIC or UNDECLARED
    handler: Handler
    regex: re.Pattern[str]


class GrantStore:
    """Server-side grants: subject -> tenant -> roles."""

    def __init__(self, grants: Mapping[str, Mapping[str, frozenset[str]]]) -> None:
        self._grants = {subject: dict(by_tenant) for subject, by_tenant in grants.items()}

    def in_tenant(self, subject: str, tenant: str) -> bool:
        by_tenant = self._grants.get(subject, {})
        return bool(by_tenant.get(tenant) or by_tenant.get(ALL_TENANTS))

    def permissions(self, subject: str, tenant: str | None) -> frozenset[str]:
        by_tenant = self._grants.get(subject, {})
        roles = set(by_tenant.get(ALL_TENANTS, frozenset()))
        if tenant is not None:
            roles |= by_tenant.get(tenant, frozenset())
        granted: set[str] = set()
        for role in roles:
            granted |= ROLE_PERMISSIONS.get(role, frozenset())
        return frozenset(granted)


class Router:
    def __init__(self, validator: TokenValidator, grants: GrantStore) -> None:
        self._validator = validator
        self._grants = grants
        self._routes: list[Route] = []

    def route(
        self, method: str, pattern: str, *, permission: str | None = None, public: bool = False
    ) -> Callable[[Handler], Handler]:
        if public and permission is not None:
            raise RouteDefinitionError(f"{method} {pattern}: public routes need no permission")
        policy = PUBLIC if public else (permission or UNDECLARED)
        regex = re.compile("^" + re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", pattern) + "$")

        def register(handler: Handler) -> Handler:
            self._routes.append(Route(method, pattern, policy, handler, regex))
            return handler

        return register

    def inventory(self) -> list[tuple[str, str, str]]:
        """Every registered route with its policy, as committed in routes.lock."""
        return [(r.method, r.pattern, r.policy) for r in self._routes]

    def inventory_problems(self) -> list[str]:
        """The route inventory test: empty when every route has a valid policy."""
        known = set().union(*ROLE_PERMISSIONS.values())
        problems = []
        for method, pattern, policy in self.inventory():
            if policy == UNDECLARED:
                problems.append(f"{method} {pattern}: no policy")
            elif policy == PUBLIC and (method, pattern) not in PUBLIC_ALLOWLIST:
                problems.append(f"{method} {pattern}: public but not on the allow-list")
            elif policy != PUBLIC and policy not in known:
                problems.append(f"{method} {pattern}: no role grants {policy!r}")
        return problems

    def handle(self, request: Request) -> Response:
        for route in self._routes:
            match = route.regex.match(request.path)
            if route.method == request.method and match:
                return self._dispatch(route, request, match.groupdict())
        return Response(404, "not_found")

    def _dispatch(self, route: Route, request: Request, params: dict[str, str]) -> Response:
        if route.policy == UNDECLARED:
            log.error("route without policy called: %s %s", route.method, route.pattern)
            return Response(403, "no_policy")
        if route.policy == PUBLIC:
            return route.handler(request, None, params)
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if scheme != "Bearer" or not token:
            return Response(401, "missing_token")
        try:
            identity = self._validator.validate(token)
        except TokenRejected as rejected:
            return Response(401, rejected.reason)
        tenant = params.get("tenant")
        if tenant is not None and not self._grants.in_tenant(identity.subject, tenant):
            return Response(404, "not_found")
        if route.policy not in self._grants.permissions(identity.subject, tenant):
            return Response(403, "forbidden")
        return route.handler(request, identity, params)
