"""One browser session = one station: header, feedback, the current screen, routing with a role guard.

Screens get this object as `ctx`. Everything a handler awaits from the services goes through
`ctx.call(service_fn, ...)` (a refusal raises) or `ctx.attempt(service_fn, ...)` (a refusal is shown, None
comes back): the service runs in a worker thread, bound by bootstrap to a fresh unit of work and to the
site's policies and paths. Screens pass plain values only; nothing here hands them the wiring.
"""

from __future__ import annotations

import asyncio
import logging
from urllib.parse import parse_qsl, urlsplit

import flet as ft

from app import i18n
from app.domain.errors import DomainError, PermissionDenied
from app.domain.scanning import ScanKind
from app.i18n import _
from app.services import auth, offline_scans, stations
from app.services.auth import SignedIn
from app.ui import resume, routes, theme
from app.ui.calls import failed, refusal, send
from app.ui.feedback import Feedback
from app.ui.header import Header
from app.ui.idle import IdleWatch
from app.ui.navigation import Menu, MenuItem
from app.ui.scan.pipeline import Scan, ScanPipeline
from app.ui.screen import Screen
from app.ui.station_link import StationLink, kind_from_query
from app.ui.station_watch import StationWatch, tell_stations

log = logging.getLogger(__name__)


def session_language() -> str | None:
    """The language of the browser session this code runs for (Flet binds the page to every event, and
    worker threads copy that context): its signed-in person's, else its station's. Here, not in its own
    module, because every translated word of a scan asks it: the scan walk stays in the files it had."""
    try:
        shell = ft.context.page.data
    except (RuntimeError, AttributeError):
        return None
    return getattr(shell, "language", None)


class Shell:
    def __init__(self, floor, page: ft.Page) -> None:
        self._floor = floor
        self._settings = floor.settings
        self.page = page
        split = urlsplit(page.route or "/")
        self.query = f"?{split.query}" if split.query else ""
        self.kind = kind_from_query(dict(parse_qsl(split.query)))
        self._signed_in: SignedIn | None = None
        self._actor = None
        self.screen: Screen | None = None
        self.path = ""
        self._echoes: list[str] = []   # routes we pushed: the browser's route_change for each is an echo
        self._last_route_event = ""    # Flet drops a route_change equal to the last one it dispatched
        self.feedback = Feedback(on_retry=self._retry)
        self.scans = ScanPipeline(on_error=self._scan_refused, touch=self.touch, record=self._record,
                                  after=self._scan_handled, settled=self._offline_settled)
        self.header = Header(on_logout=lambda: self.sign_out("logout"))
        self.watch = StationWatch(self)
        self.station = StationLink(self.call, page, self.kind, self._status,
                                   offline_after=floor.settings.station_offline_seconds, on_beat=self.watch.check)
        self.idle = IdleWatch(self._settings.kiosk_idle_seconds, on_countdown=self._countdown,
                              on_timeout=lambda: self.sign_out("logout.idle"))
        self.body = ft.Container(expand=True, padding=24, key="shell.body")
        self._tasks: set[asyncio.Task] = set()
        self._offline: dict[str, str] = {}   # kept scans queued by this session: key -> its code
        self._offline_refused: list[str] = []

    @property
    def signed_in(self) -> SignedIn | None:
        return self._signed_in

    @property
    def language(self) -> str:
        """What this session speaks: the signed-in person's language, else the station's (its login screen)."""
        if self._signed_in is not None:
            return self._signed_in.language
        return self.station.info.language if self.station.info else "en"

    @property
    def units(self) -> str:
        """Metric or imperial: the units of this station's warehouse."""
        return self.station.info.units if self.station.info else "metric"

    @property
    def timezone(self) -> str:
        """This station's warehouse's time zone ("today" here)."""
        return self.station.info.timezone if self.station.info else "UTC"

    async def choose_station_language(self, language: str) -> bool:
        """The login screen's switch: this station's default language from now on; the screen speaks it."""
        if self.station.info is None:
            return False
        info = await self.attempt(stations.set_language, self.station.info.id, language)
        if info is None:
            return False
        self.station.info = info
        if self.signed_in is None:
            await self.show(routes.LOGIN, again=True)
        return True

    @signed_in.setter
    def signed_in(self, who: SignedIn | None) -> None:
        self._signed_in, self._actor = who, who.actor() if who else None

    # ---- what screens use -------------------------------------------------------------------
    async def call(self, service_fn, *args, **kwargs):
        """Run one service call in a worker thread (never on the loop) with what bootstrap binds to it: its own
        unit of work, and the site's policies and paths where it takes them. A refusal raises."""
        return await asyncio.to_thread(self._floor.bind(service_fn), *args, **kwargs)

    async def attempt(self, service_fn, *args, denied=None, refused=None, **kwargs):
        """`call`, showing a refusal in red on the feedback strip; then `refused` (None) comes back.
        `denied(message)`, when given, handles PermissionDenied instead (e.g. the task went to someone else)."""
        try:
            return await self.call(service_fn, *args, **kwargs)
        except PermissionDenied as exc:
            if denied is None:
                self.feedback.error(exc.message)
            else:
                await denied(exc.message)
        except DomainError as exc:
            self.feedback.error(refusal(exc))
        except Exception:
            log.exception("%s failed", getattr(service_fn, "__name__", service_fn))
            self.feedback.error(failed())
        return refused

    def send(self) -> bool:
        """Send every change now (see app/ui/calls.py); False when the session is gone."""
        return send(self.page)

    def tell_stations(self) -> None:
        """After a supervisor's command: every station checks itself now (paused? still signed in?)."""
        tell_stations(self.page)

    def actor(self):
        """Who is signed in, as the services take it (made once per sign-in: a scan does not rebuild it)."""
        return self._actor

    def touch(self) -> None:
        self.idle.touch()

    def menu(self, which: Menu) -> list[MenuItem]:
        """The buttons of a menu (app/ui/screens.py places them) that whoever is signed in may press."""
        return routes.menu(which, self.signed_in.role if self.signed_in else None)

    async def go(self, path: str) -> None:
        await self.show(path)

    async def signed_in_as(self, who: SignedIn) -> None:
        self.signed_in = who
        resume.hold(self.station.client_id, self)
        self._arm_idle()
        await self.show(who.home)
        self.spawn(self._kind_from_setup())
        self.spawn(self.watch.check())
        self.spawn(self.station.remember_user(who.user_id))
        self.spawn(self.take_offline())   # scans this person took while the link was down, before a restart

    async def _kind_from_setup(self) -> None:
        """Station setup may have changed this station's kind since it registered: follow it."""
        await self.station.refresh()
        if self.signed_in is not None and self.station.info and self.station.info.kind not in stations.SHARED_KINDS:
            self.idle.stop()

    def _arm_idle(self) -> None:
        # the station's kind from Station setup, never the URL; no station row: treat it as shared
        kind = self.station.info.kind if self.station.info else "tablet"
        if kind in stations.SHARED_KINDS and self._settings.kiosk_idle_seconds > 0:
            self.idle.start()

    async def sign_out(self, reason: str = "logout", *, show_login: bool = True) -> None:
        who, self.signed_in = self.signed_in, None
        resume.release(self.station.client_id, self)
        self.idle.stop()
        if who is None:
            return
        self.spawn(self.station.remember_user(None))
        try:
            await self.call(auth.logout, who.actor(), reason)
        except Exception:
            log.exception("logout was not recorded")
        if not show_login:
            return
        await self.show(routes.LOGIN)
        if reason == "logout.idle":
            seconds = self._settings.kiosk_idle_seconds
            idle = _("{n} min", n=round(seconds / 60)) if seconds >= 120 else _("{n} s", n=seconds)
            self.feedback.warn(_("{name} was logged out after {idle} without input.", name=who.name, idle=idle))

    async def signed_out_elsewhere(self, note: str) -> None:
        """A supervisor (or a switched-off badge) signed this person out: the login screen says why."""
        who, self.signed_in = self.signed_in, None
        resume.release(self.station.client_id, self)
        self.idle.stop()
        if who is None:
            return
        self.spawn(self.station.remember_user(None))
        await self.show(routes.LOGIN)
        self.feedback.warn(note or _("You were logged out of this station. Log in again."))
        self.send()

    # ---- session life ---------------------------------------------------------------------------
    async def start(self) -> None:
        page = self.page
        page.data = self
        page.title = "Floor"
        theme.apply(page)
        page.on_keyboard_event = self.scans.on_keyboard_event
        page.on_route_change = self._route_changed
        page.on_connect = self._connected
        page.on_disconnect = self._disconnected
        page.on_close = self._closed
        self.feedback.attach(page)
        self.watch.attach(page)
        # input that resets the idle wait: keys and scans (pipeline), presses (theme.touching)
        page.controls = [ft.Column([self.header.control, self.feedback.strip, self.body], spacing=0,
                                   expand=True)]
        page.update()   # the key listener is live from here: a scan during registration queues up
        await self.station.register()
        resume.connected(self.station.client_id, self)
        self.station.start()
        await self._resume()
        await self.show(page.route or "/")
        self.scans.start()   # now a screen takes what was scanned while the station was registering

    async def _resume(self) -> None:
        """A reload that got a fresh session keeps the person signed in (see app/ui/resume.py)."""
        older = resume.take_over(self.station.client_id, self)
        if older is None:
            return
        who, older.signed_in = older.signed_in, None
        older.idle.stop()
        self.signed_in = who
        resume.hold(self.station.client_id, self)
        self._arm_idle()
        if older.station.online:   # still open in another tab: that one goes back to the login
            await older.show(routes.LOGIN)

    async def show(self, route: str, *, again: bool = False) -> None:
        """Show what `route` resolves to for whoever is signed in (the role guard lives in routes); `again`
        builds it anew even when it is showing (e.g. in another language). The screen is built in this
        session's language even when another session asks (a reload taking over an older tab)."""
        with i18n.using(self.language):
            await self._show(route, again)

    async def _show(self, route: str, again: bool) -> None:
        decision = routes.resolve(route, self.signed_in.role if self.signed_in else None)
        target = decision.route
        if self.screen is not None and target.path == self.path and not decision.redirected and not again:
            return
        if self.screen is not None:
            self.screen.leave()
        screen = target.make(self)
        screen.path = target.path
        self.screen, self.path = screen, target.path
        self.scans.handler = screen.on_scan if screen.takes_scans else None
        self.scans.key_listener = screen.on_key if type(screen).on_key is not Screen.on_key else None
        self.scans.field_focused = False
        self.feedback.clear()
        self.body.content = screen.build()
        self.header.show(self.signed_in, self.station.info.name if self.station.info else "", _(target.label))
        self.page.update()
        await screen.shown()
        if self.screen is not screen:   # a newer navigation came while this screen was opening: it wins
            return
        if decision.notice:
            self.feedback.warn(decision.notice)
        if routes.path_of(self.page.route) != target.path:
            pushed = target.path + self.query
            if pushed != self._last_route_event:   # else Flet drops its echo: nothing to wait for
                self._echoes = [*self._echoes[-4:], pushed]
            self.spawn(self.page.push_route(pushed))
        self.spawn(self.station.beat())

    async def _route_changed(self, e: ft.RouteChangeEvent) -> None:
        self._last_route_event = e.route
        if e.route in self._echoes:   # the address bar catching up with a screen already shown (and maybe
            self._echoes.remove(e.route)   # already left: a quick tap must not be undone by it)
            return
        await self.show(e.route)

    async def _connected(self) -> None:
        self.station.start()

    async def _disconnected(self) -> None:
        await self.station.gone()

    async def _closed(self) -> None:
        resume.closed(self.station.client_id, self)
        self.scans.stop()
        self.watch.detach(self.page)
        await self.station.gone()
        await self.sign_out("logout.closed", show_login=False)

    # ---- scans kept while the link was down (app/station_scans.py, assets/station.js) -------------
    async def take_offline(self) -> tuple[int, int]:
        """Queue the station's kept scans of whoever is signed in (nobody: the login screen's badge scans),
        in the tablet's order, behind what is queued; (queued now, left waiting for someone else)."""
        if self.station.info is None:
            return 0, 0
        user = self.signed_in.user_id if self.signed_in else None
        kept = await self.call(offline_scans.waiting, self.station.info.id)
        mine = [k for k in kept if k.user_id == user and k.key not in self._offline]
        others = sum(1 for k in kept if k.user_id != user)
        if mine:
            await self.station.beat()   # after a drop: the station's row has its person again before the scans
            first = routes.path_of(mine[0].path) if mine[0].path else ""
            if first and first != self.path and self.signed_in is not None:
                await self.show(first)   # the screen they were scanned at (the role guard still decides)
            if self.screen is not None:
                try:
                    await asyncio.wait_for(self.screen.ready(), timeout=15)
                except TimeoutError:
                    log.warning("the screen was not ready for kept scans; handing them over anyway")
            for k in mine:
                self._offline[k.key] = k.code
                self.scans.replay(k.code, k.key, k.scanned_at)
        elif others and self.signed_in is None:
            self.feedback.warn(_("{n} scans taken while offline wait for their person to log in here.", n=others))
            self.send()
        return len(mine), others

    async def _offline_settled(self, scan: Scan, result: str, message: str) -> None:
        state = {"ok": "applied", "refused": "refused"}.get(result, "failed")
        await self.call(offline_scans.settle, scan.key, state, message)
        if state == "refused":
            self._offline_refused.append(f"{scan.code}: {message}")
        self._offline.pop(scan.key, None)
        if not self._offline and self._offline_refused:   # the batch is through: its refusals stay on screen
            refused, self._offline_refused = self._offline_refused, []
            self.feedback.error(_("Scans from while offline, refused: {list}", list=" · ".join(refused)))
            self.send()

    # ---- plumbing --------------------------------------------------------------------------------
    def _status(self) -> tuple[int | None, str, str]:
        user = self.signed_in.user_id if self.signed_in else None
        return user, self.path, self.screen.activity if self.screen else ""

    def _scan_refused(self, message: str, retry: bool) -> None:
        self.feedback.error(message, retry=retry)

    def _scan_handled(self) -> None:
        self.send()

    def _retry(self) -> None:
        self.scans.retry()

    async def _record(self, scan: Scan) -> None:
        if self.station.info is not None and scan.kind != ScanKind.BADGE:
            await self.call(stations.record_scan, self.station.info.id, scan.code, scan.at)

    def _countdown(self, seconds: int | None) -> None:
        self.header.countdown(seconds)
        send(self.header.control)

    def spawn(self, coro) -> None:
        """Run a coroutine beside the current handler (kept referenced until it ends)."""
        task = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

