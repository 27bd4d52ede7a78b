"""In-process Flet harness: a real flet Session over a recording Connection, no browser (~0.1 s a test).

It plays the browser's part the way flet_web's FastAPI app does: registers the client (route,
page patch), runs `main(page)`, dispatches control events each in its own task (as the server
does), msgpack-encodes every outgoing message as on the wire (that is what marks controls as
sent, so later diffs are real), and answers the methods a browser would: push_route (then a
route_change event), SharedPreferences (a dict standing in for localStorage), Audio (recorded).

Uses Flet internals (flet.messaging.*): flet is pinned exactly (==1.0.5); keep this the one place.

    h = FletHarness(make_main(floor), route="/login?station=kiosk")
    h.start()
    h.type("BADGE-1001")                 # page-level keys at 0 ms, then Enter
    h.click("keypad.1"); ...; h.click("keypad.ok")
    h.wait_for(lambda: h.path == "/pick")
    assert "Hello, Anna Kowalska" in h.texts()
    h.close()
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from dataclasses import fields, is_dataclass
from typing import Any
from urllib.parse import urlsplit

import msgpack
from flet.controls.base_control import BaseControl
from flet.controls.context import _context_page, context
from flet.messaging.connection import Connection
from flet.messaging.protocol import (
    Message,
    MessageAction,
    RegisterClientResponseBody,
    configure_encode_object_for_msgpack,
)
from flet.messaging.session import Session
from flet.pubsub.pubsub_hub import PubSubHub

_ENCODE = configure_encode_object_for_msgpack(BaseControl)


class FakeBrowser:
    """What one browser keeps between tabs and reloads: its local storage."""

    def __init__(self) -> None:
        self.local_storage: dict[str, Any] = {}


class RecordingConnection(Connection):
    """Encodes every message like the wire and answers method calls the way a browser would."""

    def __init__(self, harness: FletHarness) -> None:
        super().__init__()
        self.harness = harness
        self.sent: list[tuple[int, Any]] = []     # (action, decoded body)
        self.wire_bytes = 0

    def send_message(self, message) -> None:
        packed = msgpack.packb([message.action, message.body], default=_ENCODE)
        self.wire_bytes += len(packed)
        self.sent.append((message.action, msgpack.unpackb(packed, strict_map_key=False)[1]))
        if message.action == MessageAction.INVOKE_METHOD:
            body = message.body
            self.harness._answer(body.control_id, body.call_id, body.name, body.args or {})


class FletHarness:
    def __init__(self, main: Callable, *, route: str = "/", browser: FakeBrowser | None = None,
                 client_ip: str = "10.0.0.7", user_agent: str = "FletHarness") -> None:
        self.main = main
        self.browser = browser or FakeBrowser()
        self.loop = asyncio.new_event_loop()
        self.conn = RecordingConnection(self)
        self.conn.loop = self.loop
        self.conn.page_url = "http://127.0.0.1:8550"
        self.conn.pubsubhub = PubSubHub(loop=self.loop)
        self.session: Session | None = None
        self.played: list[str] = []              # audio sources played, in order
        self.routes_pushed: list[str] = []
        self.errors: list[str] = []
        self._route = route
        self._client = (client_ip, user_agent)
        self._tasks: set[asyncio.Task] = set()

    # ---- life ------------------------------------------------------------------------------------
    def start(self, timeout: float = 5.0) -> FletHarness:
        self.run(self._register())
        self.wait_for(lambda: self._main_done, timeout=timeout)
        return self

    async def _register(self) -> None:
        self.session = Session(self.conn)
        page = self.session.page
        _context_page.set(page)
        self.session.apply_page_patch({"route": self._route, "web": True, "platform": "linux",
                                       "width": 1280, "height": 800})
        page.client_ip, page.client_user_agent = self._client
        # the register response goes out encoded, as on the wire: that marks the page as sent
        self.conn.send_message(Message(MessageAction.REGISTER_CLIENT, RegisterClientResponseBody(
            session_id=self.session.id, page_patch=self.session.get_page_patch(), error="")))
        self._main_done = False
        self._spawn(self._run_main())

    async def _run_main(self) -> None:
        _context_page.set(self.page)
        context.reset_auto_update()
        try:
            await self.main(self.page)
            await self.session.after_event(self.page)
        finally:
            self._main_done = True

    def close(self) -> None:
        """The tab closes: disconnect, the session expires (close event), then the loop stops."""
        if self.loop.is_closed():
            return
        if self.session is not None:
            self.run(self.session.disconnect(0))
            self.run(self._expire())
            self.settle(0.1)
        self.run(self._cancel_all())
        self.run(self.loop.shutdown_default_executor())
        self.loop.close()

    @staticmethod
    async def _cancel_all() -> None:
        pending = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)

    async def _expire(self) -> None:
        self.session.close()   # schedules the page's close event on the running loop

    def disconnect(self) -> None:
        self.run(self.session.disconnect(120))
        self.settle()

    # ---- the loop --------------------------------------------------------------------------------
    def run(self, coro):
        # Playwright's sync API (a session fixture of the browser tests in this worker) leaves its
        # own loop marked as running in this thread while it is suspended in its greenlet; asyncio
        # then refuses to run a second loop. Step it aside for the duration, then put it back.
        suspended = asyncio.events._get_running_loop()
        asyncio.events._set_running_loop(None)
        try:
            return self.loop.run_until_complete(coro)
        finally:
            asyncio.events._set_running_loop(suspended)

    def settle(self, seconds: float = 0.05) -> None:
        """Let the session work for `seconds` (worker threads included)."""
        self.run(asyncio.sleep(seconds))

    def wait_for(self, predicate: Callable[[], bool], timeout: float = 5.0, what: str = "") -> None:
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what or predicate}; on screen: {self.texts()}"
                                     f"; session errors: {self.session_errors()}")
            self.settle(0.01)

    def _spawn(self, coro) -> asyncio.Task:
        task = self.loop.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    # ---- what the browser does -------------------------------------------------------------------
    def event(self, control: BaseControl | str, name: str, data: Any = None, *, settle: bool = True) -> None:
        """Dispatch one control event in its own task, as the server does for each message."""
        target = self.find(control) if isinstance(control, str) else control
        self._spawn(self.session.dispatch_event(target._i, name, data))
        if settle:
            self.settle(0.02)

    def click(self, key: str) -> None:
        self.event(key, "click")

    def submit(self, key: str, text: str) -> None:
        """Type into a TextField (the client patches its value) and press Enter in it."""
        field = self.find(key)
        self.event(field, "focus", settle=False)
        self.session.apply_patch(field._i, {"value": text})
        self.event(field, "submit", settle=False)
        self.event(field, "blur")

    def key(self, key: str, *, shift: bool = False, ctrl: bool = False, settle: bool = True) -> None:
        self.event(self.page, "keyboard_event",
                   {"key": key, "shift": shift, "ctrl": ctrl, "alt": False, "meta": False}, settle=settle)

    def type(self, text: str, *, delay: float = 0.0, enter: bool = True) -> None:
        """Keys on the page-level listener, `delay` seconds apart (0: a scanner burst)."""
        for char in text:
            self.key(char.upper() if char.isalpha() else char, settle=False)
            self.run(asyncio.sleep(delay))
        if enter:
            self.key("Enter", settle=False)
        self.settle(0.02)

    def _answer(self, control_id: int, call_id: str, name: str, args: dict) -> None:
        result: Any = None
        storage = self.browser.local_storage
        if name == "push_route":
            route = args["route"]
            self.routes_pushed.append(route)
            self.session.apply_page_patch({"route": route})
            self.loop.call_soon(self._spawn, self.session.dispatch_event(self.page._i, "route_change",
                                                                         {"route": route}))
        elif name == "get":
            result = storage.get(args["key"])
        elif name == "set":
            storage[args["key"]], result = args["value"], True
        elif name == "contains_key":
            result = args["key"] in storage
        elif name == "remove":
            result = storage.pop(args["key"], None) is not None
        elif name == "play":
            control = self.session.index.get(control_id)
            self.played.append(getattr(control, "src", "?"))
        self.loop.call_soon(self.session.handle_invoke_method_results, control_id, call_id, result, None)

    # ---- looking at the screen -------------------------------------------------------------------
    @property
    def page(self):
        return self.session.page

    @property
    def route(self) -> str:
        return self.page.route

    @property
    def path(self) -> str:
        return urlsplit(self.page.route).path

    def controls(self, *, visible_only: bool = True) -> Iterator[BaseControl]:
        roots = [*self.page.controls, *self.page.overlay]
        seen: set[int] = set()

        def walk(value) -> Iterator[BaseControl]:
            if id(value) in seen:
                return
            if isinstance(value, BaseControl):
                seen.add(id(value))
                if visible_only and getattr(value, "visible", True) is False:
                    return
                yield value
                for f in fields(value):
                    if f.name.startswith("_") or f.name in ("data", "parent"):
                        continue
                    yield from walk(getattr(value, f.name, None))
            elif isinstance(value, (list, tuple)):
                for item in value:
                    yield from walk(item)
            elif isinstance(value, dict):
                for item in value.values():
                    yield from walk(item)
            elif is_dataclass(value) and not isinstance(value, type):
                return

        for root in roots:
            yield from walk(root)

    def find(self, key: str, *, visible_only: bool = True) -> BaseControl:
        for control in self.controls(visible_only=visible_only):
            if control.key == key:
                return control
        raise AssertionError(f"no {'visible ' if visible_only else ''}control with key {key!r}; "
                             f"on screen: {self.texts()}")

    def has(self, key: str) -> bool:
        return any(c.key == key for c in self.controls())

    def text_of(self, key: str) -> str:
        """The value of a control as the browser has it: a change never sent is an error."""
        control = self.find(key)
        if control._dirty:
            raise AssertionError(f"{key} changed ({sorted(control._dirty)}) but the change was never sent "
                                 "to the browser: a page.update() is missing")
        return str(getattr(control, "value", "") or "")

    def unsent(self) -> list[BaseControl]:
        """Visible controls with changes the browser has not received."""
        return [c for c in self.controls() if c._dirty]

    def texts(self) -> list[str]:
        """Every visible Text value, top to bottom (button labels included)."""
        return [c.value for c in self.controls() if type(c).__name__ == "Text" and c.value]

    def session_errors(self) -> list[str]:
        return [str(body) for action, body in self.conn.sent if action == MessageAction.SESSION_CRASHED]


# ---- Floor's screens, driven the way a person does --------------------------------------------------
def scan(h: FletHarness, code: str) -> None:
    """A wedge scanner: the code at 0 ms a key, then Enter."""
    h.type(code, delay=0.0)


def enter_pin(h: FletHarness, pin: str, *, ok: bool = True) -> None:
    for digit in pin:
        h.click(f"keypad.{digit}")
    if ok:
        h.click("keypad.ok")


def log_in(h: FletHarness, badge: str, pin: str, *, home: str | None = None) -> None:
    """Scan the badge, tap the PIN, press OK; wait for `home` when given."""
    scan(h, f"BADGE-{badge}")
    h.wait_for(lambda: h.has("keypad.ok"), what="the PIN keypad")
    enter_pin(h, pin)
    if home is not None:
        h.wait_for(lambda: h.path == home, what=f"the route {home}")


def message(h: FletHarness) -> str:
    """The big 'what next' line under the header."""
    return h.text_of("feedback.message")
