"""Planners' layers as OGC collections (`/collections/layer-{id}`): resolved per request with the
principal's rights, built once per layer (a stored layer never changes) and kept for the last few.

Answers about them depend on who asks: `private, no-store`, never in the shared response cache.
"""
from __future__ import annotations

import re
import threading
from collections import OrderedDict

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from geo.errors import NotFound
from geo.feature_json import FeatureCache
from geo.layers import Layer
from geo.read_model import ReadModel
from geo.user_layer import COLLECTION_PREFIX, user_collection
from service.auth import reader_of
from service.generation import service_state

PRIVATE = {"Cache-Control": "private, no-store"}
USER_COLLECTION = re.compile(rf"{COLLECTION_PREFIX}(\d{{1,9}})")
KEPT = 16  # built collections kept per worker; a layer is rebuilt from the store when asked again later


class BuiltCollections:
    def __init__(self) -> None:
        # Keyed by id and creation time: SQLite may give a deleted layer's id to a new one.
        self.built: OrderedDict[tuple, tuple[Layer, FeatureCache]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, layer_id: tuple, build) -> tuple[Layer, FeatureCache]:
        with self.lock:
            if layer_id in self.built:
                self.built.move_to_end(layer_id)
                return self.built[layer_id]
        layer = build()
        found = (layer, FeatureCache({layer.id: layer}))
        with self.lock:
            self.built[layer_id] = found
            while len(self.built) > KEPT:
                self.built.popitem(last=False)
        return found


def is_user_collection(collection_id: str) -> bool:
    return USER_COLLECTION.fullmatch(collection_id) is not None


async def user_layer(request: Request, model: ReadModel, collection_id: str) -> tuple[Layer, FeatureCache]:
    """The planner's layer behind `layer-{id}` if this request may see it; NotFound otherwise."""
    match = USER_COLLECTION.fullmatch(collection_id)
    state = service_state(request)
    if match is None or state.store is None:
        raise NotFound(f"no collection {collection_id!r}")
    layer_id = int(match.group(1))
    principal = await reader_of(request)  # a bearer token or the browser session
    info = await run_in_threadpool(state.store.layer, principal, layer_id)  # rights, on every request

    def build() -> Layer:
        _, features, parts = state.store.layer_content(principal, layer_id)
        return user_collection(layer_id, info.title, info.owner, info.kind, info.columns, features, parts,
                               model.repo.region)

    collections: BuiltCollections = request.app.state.user_collections
    return await run_in_threadpool(collections.get, (layer_id, info.created_at.isoformat()), build)
