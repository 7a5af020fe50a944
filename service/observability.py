"""What an operator needs to run replicas: health and readiness for the load balancer, Prometheus
metrics, and JSON access logs on request.

Routes are labelled by their template (`/collections/{collection_id}/items`), never by the raw
path, so a client cannot create unbounded metric series. `/metrics` answers only the networks in
RUHRKARTE_METRICS_FROM (loopback by default); anyone else gets a 404, as for a page that is not there.
"""
from __future__ import annotations

import ipaddress
import json
import logging
import os
import sys
import time

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client import multiprocess
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from geo.errors import NotFound
from service.params import reject_unknown

router = APIRouter()
ACCESS_LOG = logging.getLogger("ruhrkarte.access")
# Latency buckets in seconds: the API answers in milliseconds; pages render once in a few hundred.
BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
BUILD_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0)


class Metrics:
    """The service's metrics in one registry (per app, so tests and several apps never share series)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter("ruhrkarte_requests_total", "HTTP requests answered", ["method", "route", "status"],
                                registry=self.registry)
        self.latency = Histogram("ruhrkarte_request_seconds", "Time from request to the end of the response",
                                 ["method", "route"], buckets=BUCKETS, registry=self.registry)
        self.data_version = Gauge("ruhrkarte_data_version_info", "The data version being served (value 1; 0 for "
                                  "versions served before)", ["version"], registry=self.registry,
                                  multiprocess_mode="liveall")
        self.store_version = Gauge("ruhrkarte_data_version", "The store's data version being served (per worker)",
                                   registry=self.registry, multiprocess_mode="liveall")
        self.read_model_builds = Counter("ruhrkarte_read_model_builds_total", "Read models built from the data",
                                         registry=self.registry)
        self.read_model_seconds = Histogram("ruhrkarte_read_model_build_seconds",
                                            "Time to read the published state and build a read model from it",
                                            buckets=BUILD_BUCKETS, registry=self.registry)
        self.version: str | None = None
        self._series: dict[tuple[str, str, int], tuple] = {}

    def answered(self, method: str, route: str, status: int, seconds: float) -> None:
        """Count and time one answer; each (method, route, status) series is looked up once, not per request."""
        key = (method, route, status)
        series = self._series.get(key)
        if series is None:
            series = self._series[key] = (self.requests.labels(method, route, str(status)),
                                          self.latency.labels(method, route))
        series[0].inc()
        series[1].observe(seconds)

    def serving(self, version: str, store_version: int | None = None, build_seconds: float | None = None) -> None:
        """A new read model is being served: its version's series is 1, those before are 0 (with several
        workers a metric written once cannot be removed, so it is set to 0 instead)."""
        if self.version is not None and self.version != version:
            self.data_version.labels(version=self.version).set(0)
        self.version = version
        self.data_version.labels(version=version).set(1)
        if store_version is not None:
            self.store_version.set(store_version)
        self.read_model_builds.inc()
        if build_seconds is not None:
            self.read_model_seconds.observe(build_seconds)

    def exposition(self) -> bytes:
        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):  # several workers: add up what every process wrote
            combined = CollectorRegistry()
            multiprocess.MultiProcessCollector(combined)
            return generate_latest(combined)
        return generate_latest(self.registry)


def _route_of(scope: Scope) -> str:
    route = scope.get("route")
    return getattr(route, "path", None) or ("static" if scope["path"].startswith("/static/") else "unmatched")


class RequestRecorder:
    """What is noted of every answer, by the framework's middleware or the response cache in front of it:
    its count and time by route template and status, and a JSON access-log line when on."""

    def __init__(self, metrics: Metrics, access_log: bool):
        self.metrics = metrics
        self.access_log = access_log

    def __call__(self, scope: Scope, status: int, sent: int, seconds: float) -> None:
        route = _route_of(scope)
        self.metrics.answered(scope["method"], route, status, seconds)
        if self.access_log:
            client = scope.get("client") or ("", 0)
            ACCESS_LOG.info(json.dumps({
                "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime()), "client": client[0],
                "method": scope["method"], "path": scope["path"][:300], "route": route, "status": status,
                "bytes": sent, "ms": round(seconds * 1000, 2)}))


class RequestObserver:
    """Notes every request that reaches the framework (see RequestRecorder)."""

    def __init__(self, app: ASGIApp, record: RequestRecorder):
        self.app = app
        self.record = record

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        began = time.perf_counter()
        status, sent = 500, 0

        async def observe(message: Message) -> None:
            nonlocal status, sent
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body":
                sent += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, observe)
        finally:
            self.record(scope, status, sent, time.perf_counter() - began)


def _networks(spec: str) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(part.strip(), strict=False) for part in spec.split(",") if part.strip()]


def install_observability(app: FastAPI, version: str, access_log: bool, metrics_from: str,
                          store_version: int | None = None) -> Metrics:
    """`version`: the read model served at start (`store_version`: its store data version, with a store)."""
    metrics = Metrics()
    metrics.serving(version, store_version)
    app.state.metrics = metrics
    app.state.metrics_networks = _networks(metrics_from)
    app.include_router(router)
    app.state.request_recorder = RequestRecorder(metrics, access_log)
    app.add_middleware(RequestObserver, record=app.state.request_recorder)
    if access_log and not ACCESS_LOG.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        ACCESS_LOG.addHandler(handler)
        ACCESS_LOG.setLevel(logging.INFO)
        ACCESS_LOG.propagate = False
    return metrics


def _may_read_metrics(request: Request) -> bool:
    try:
        client = ipaddress.ip_address((request.client.host if request.client else "").strip("[]"))
    except ValueError:  # not an address (e.g. a Unix socket peer): not on an allowed network
        return False
    return any(client in network for network in request.app.state.metrics_networks)


@router.get("/healthz", include_in_schema=False)
async def healthz(request: Request) -> JSONResponse:
    """The process is alive and its event loop answers."""
    reject_unknown(request, set())
    return JSONResponse({"status": "ok"}, headers={"Cache-Control": "no-store"})


@router.get("/readyz", include_in_schema=False)
async def readyz(request: Request) -> JSONResponse:
    """Ready to take traffic: the data is loaded and validated (the app exists only then) and, with a
    database, the database answers and the data served is current (not behind it for longer than a
    few follow intervals). 503 otherwise, with the reason."""
    reject_unknown(request, set())
    state = request.app.state.service
    body: dict = {"status": "ready", "data_version": state.current.model.version}
    status = 200
    if state.follower is not None:
        readiness = await state.follower.readiness()
        body.update(served=readiness.served, database=readiness.latest)
        if not readiness.ready:
            body.update(status="not ready", reason=readiness.reason)
            status = 503
    return JSONResponse(body, status_code=status, headers={"Cache-Control": "no-store"})


@router.get("/metrics", include_in_schema=False)
async def metrics(request: Request) -> Response:
    reject_unknown(request, set())
    if not _may_read_metrics(request):
        raise NotFound("Not Found")
    return Response(request.app.state.metrics.exposition(), media_type=CONTENT_TYPE_LATEST,
                    headers={"Cache-Control": "no-store"})
