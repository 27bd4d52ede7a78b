"""Every person in their own language: set on the user (Users, `floor user add --language`), applied at login;
a station's login screen speaks its own default, else its warehouse's."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update
from typer.testing import CliRunner

from app import i18n
from app.cli import cli
from app.db.models import AuditEntry, Warehouse
from app.domain.errors import BadCredentials, InvalidInput, PermissionDenied
from app.services import auth, stations
from tests.support.factories import PINS, SYSTEM


def test_a_person_added_with_a_language_signs_in_speaking_it_and_an_admin_can_change_it(site, floor):
    added = auth.add_user(floor.uow(), SYSTEM, floor.login_policy, "3101", "Lucía Pérez", "picker", "5151",
                          language="es-MX")
    assert added.language == "es"
    assert auth.login(floor.uow(), floor.login_policy, "3101", "5151").language == "es"
    admin = site.users["admin"].actor()
    changed = auth.set_language(floor.uow(), admin, "3101", "zh-CN")
    assert changed.language == "zh_Hans"
    assert auth.login(floor.uow(), floor.login_policy, "3101", "5151").language == "zh_Hans"
    assert [u.language for u in auth.users(floor.uow(), admin) if u.badge == "3101"] == ["zh_Hans"]
    with floor.reader() as uow:
        detail = uow.session.execute(select(AuditEntry.detail).where(
            AuditEntry.action == "user.language_changed")).scalar_one()
    assert detail == {"language": "zh_Hans"}


def test_a_language_floor_does_not_speak_is_refused_naming_the_choices(site, floor):
    with pytest.raises(InvalidInput) as err:
        auth.add_user(floor.uow(), SYSTEM, floor.login_policy, "3102", "Hans", "picker", "5151", language="de")
    assert err.value.message == "Floor does not speak 'de'. Choose one of: en, es, fr, zh_Hans."
    assert err.value.fields == {"language": "en, es, fr, zh_Hans"}


def test_only_someone_who_manages_users_sets_a_persons_language(site, floor):
    with pytest.raises(PermissionDenied):
        auth.set_language(floor.uow(), site.users["picker"].actor(), "2001", "fr")


def test_a_station_speaks_its_own_choice_else_its_warehouses_language(site, floor):
    station = stations.register(floor.uow(), "tablet-lang-0001", "tablet")
    assert station.language == "en"
    with floor.uow() as uow:
        uow.session.execute(update(Warehouse).where(Warehouse.code == "W2").values(language="fr"))
        uow.commit()
    supervisor = site.users["supervisor"].actor()
    assert stations.configure(floor.uow(), supervisor, station.id, warehouse="W2").language == "fr"
    chosen = stations.set_language(floor.uow(), station.id, "zh_Hans")
    again = stations.set_language(floor.uow(), station.id, "zh_Hans")
    assert (chosen.language, again.language) == ("zh_Hans", "zh_Hans")
    with floor.reader() as uow:   # choosing the same again changes nothing and is not audited twice
        rows = uow.session.execute(select(AuditEntry.detail).where(AuditEntry.action == "station.language")).all()
    assert [r.detail for r in rows] == [{"from": "", "to": "zh_Hans"}]
    assert stations.info(floor.uow(), station.id).language == "zh_Hans"


def test_what_a_refused_login_says_is_in_the_stations_language(site, floor):
    with i18n.using("es"), pytest.raises(BadCredentials) as err:
        auth.login(floor.uow(), floor.login_policy, "2001", "0000")
    assert "4" in err.value.message and "PIN" in err.value.message
    assert err.value.message != "Badge or PIN not recognised. 4 more tries before this badge locks."


def test_floor_user_add_takes_the_language_and_floor_user_language_changes_it(site, floor, monkeypatch):
    monkeypatch.setenv("FLOOR_PIN_HASH_TIME_COST", "1")
    monkeypatch.setenv("FLOOR_PIN_HASH_MEMORY_KIB", "8192")
    url = str(floor.db.engine.url.render_as_string(hide_password=False))
    runner = CliRunner()
    out = runner.invoke(cli, ["user", "add", "3201", "Chloé Martin", "returns_clerk", "--pin", "4321",
                              "--language", "fr", "--db", url])
    assert out.exit_code == 0 and "Français" in out.output, out.output
    assert auth.login(floor.uow(), floor.login_policy, "3201", "4321").language == "fr"
    out = runner.invoke(cli, ["user", "language", "3201", "zh", "--db", url])
    assert out.exit_code == 0 and "简体中文" in out.output, out.output
    bad = runner.invoke(cli, ["user", "language", "3201", "klingon", "--db", url])
    assert bad.exit_code == 1 and "Floor does not speak 'klingon'" in bad.output
    assert PINS   # the site's own people are untouched
