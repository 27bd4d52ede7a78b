"""Settings read from the environment, once, frozen."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path


def _int(env: dict[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be a whole number, got {raw!r}") from exc


def _bool(env: dict[str, str], name: str, default: bool) -> bool:
    raw = (env.get(name) or "").strip().lower()
    if raw == "":
        return default
    if raw in ("1", "on", "yes", "true"):
        return True
    if raw in ("0", "off", "no", "false"):
        return False
    raise ValueError(f"{name} must be on or off, got {raw!r}")


def _choice(env: dict[str, str], name: str, default: str, choices: tuple[str, ...], *, upper: bool = False) -> str:
    raw = (env.get(name) or "").strip()
    if raw == "":
        return default
    value = raw.upper() if upper else raw.lower()
    if value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(choices)}, got {raw!r}")
    return value


@dataclass(frozen=True)
class Settings:
    """Everything Floor can be configured with (environment variables FLOOR_*)."""

    data_dir: Path = Path("data")
    database_url: str = ""
    host: str = "127.0.0.1"
    port: int = 8550
    kiosk_idle_seconds: int = 300
    failed_pins_before_lock: int = 5
    lock_minutes: int = 15
    station_offline_seconds: int = 30
    # argon2id cost; tests lower it through the environment, sites keep the default
    pin_hash_time_cost: int = 2
    pin_hash_memory_kib: int = 19456
    public_url: str = ""
    weight_tolerance_pct: int = 10
    weight_tolerance_min_g: int = 50
    tracking_range_start: int = 10_000_000
    tracking_range_end: int = 99_999_999
    auto_release_horizon_hours: int = 0  # 0: waves are released by a supervisor only
    print_max_attempts: int = 8
    api_docs_public: bool = True   # /docs, /redoc, /openapi.json for anyone who reaches the server
    log_level: str = "INFO"
    log_format: str = "plain"      # or "json": one JSON object a line
    access_log: bool = False       # a line per HTTP request (the websocket's messages are never logged)
    # sellers' webhooks: hosts the admin allows plain http (and private addresses) to, comma-separated;
    # tries before an event is failed (about 7 hours at the 1-hour cap); seconds per POST
    webhook_http_hosts: tuple[str, ...] = ()
    webhook_max_attempts: int = 16
    webhook_timeout_seconds: int = 5
    # carrier labels through a karrio server (docs/operations.md); "" = the built-in FloorPost carrier
    karrio_url: str = ""
    karrio_api_key: str = ""
    karrio_timeout_seconds: int = 20

    @property
    def db_url(self) -> str:
        return self.database_url or f"sqlite:///{(self.data_dir / 'floor.db').resolve()}"

    @property
    def spool_dir(self) -> Path:
        return self.data_dir / "spool"

    @property
    def photos_dir(self) -> Path:
        return self.data_dir / "photos"

    def with_(self, **changes) -> Settings:
        return replace(self, **changes)

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if env is None else env)
        return cls(
            data_dir=Path(env.get("FLOOR_DATA_DIR", "data")),
            database_url=env.get("FLOOR_DATABASE_URL", ""),
            host=env.get("FLOOR_HOST", "127.0.0.1"),
            port=_int(env, "FLOOR_PORT", 8550),
            kiosk_idle_seconds=_int(env, "FLOOR_KIOSK_IDLE_SECONDS", 300),
            failed_pins_before_lock=_int(env, "FLOOR_FAILED_PINS_BEFORE_LOCK", 5),
            lock_minutes=_int(env, "FLOOR_LOCK_MINUTES", 15),
            station_offline_seconds=_int(env, "FLOOR_STATION_OFFLINE_SECONDS", 30),
            pin_hash_time_cost=_int(env, "FLOOR_PIN_HASH_TIME_COST", 2),
            pin_hash_memory_kib=_int(env, "FLOOR_PIN_HASH_MEMORY_KIB", 19456),
            public_url=env.get("FLOOR_PUBLIC_URL", ""),
            weight_tolerance_pct=_int(env, "FLOOR_WEIGHT_TOLERANCE_PCT", 10),
            weight_tolerance_min_g=_int(env, "FLOOR_WEIGHT_TOLERANCE_MIN_G", 50),
            tracking_range_start=_int(env, "FLOOR_TRACKING_RANGE_START", 10_000_000),
            tracking_range_end=_int(env, "FLOOR_TRACKING_RANGE_END", 99_999_999),
            auto_release_horizon_hours=_int(env, "FLOOR_AUTO_RELEASE_HOURS", 0),
            print_max_attempts=_int(env, "FLOOR_PRINT_MAX_ATTEMPTS", 8),
            api_docs_public=_bool(env, "FLOOR_API_DOCS", True),
            log_level=_choice(env, "FLOOR_LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR"), upper=True),
            log_format=_choice(env, "FLOOR_LOG_FORMAT", "plain", ("plain", "json")),
            access_log=_bool(env, "FLOOR_ACCESS_LOG", False),
            webhook_http_hosts=tuple(h.strip().lower() for h in env.get("FLOOR_WEBHOOK_HTTP_HOSTS", "").split(",")
                                     if h.strip()),
            webhook_max_attempts=_int(env, "FLOOR_WEBHOOK_MAX_ATTEMPTS", 16),
            webhook_timeout_seconds=_int(env, "FLOOR_WEBHOOK_TIMEOUT_SECONDS", 5),
            karrio_url=env.get("FLOOR_KARRIO_URL", "").strip(),
            karrio_api_key=env.get("FLOOR_KARRIO_API_KEY", "").strip(),
            karrio_timeout_seconds=_int(env, "FLOOR_KARRIO_TIMEOUT_SECONDS", 20),
        )
