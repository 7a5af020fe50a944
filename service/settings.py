"""Service configuration from RUHRKARTE_* environment variables, with defaults that just work."""
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="RUHRKARTE_")

    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    cache_max_age: int = 300
    max_limit: int = 1000
    tile_url: str = ""
    tile_attribution: str = ""
