"""Field encryption, blind indexes, the key setting and the synthetic registry (no database)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from cryptography.exceptions import InvalidTag

from lawyer_query.crypto import FieldCipher, InvalidKey, new_master_key
from lawyer_query.keys import MissingRegistryKey, registry_cipher
from lawyer_query.registry.synthetic import generate_people, population_slot
from lawyer_query.rules.citizen_id import check_citizen_id
from lawyer_query.settings import Settings

KEY = new_master_key()


def test_ciphertext_round_trips_and_hides_the_value() -> None:
    cipher = FieldCipher.from_master(KEY)
    blob = cipher.encrypt("张三".encode(), record_id="rp_1", field="name")
    assert "张三".encode() not in blob
    assert cipher.decrypt(blob, record_id="rp_1", field="name") == "张三".encode()


@pytest.mark.parametrize(("record_id", "field"), [("rp_2", "name"), ("rp_1", "ethnicity")])
def test_ciphertext_moved_to_another_row_or_column_fails(record_id: str, field: str) -> None:
    cipher = FieldCipher.from_master(KEY)
    blob = cipher.encrypt(b"value", record_id="rp_1", field="name")
    with pytest.raises(InvalidTag):
        cipher.decrypt(blob, record_id=record_id, field=field)


def test_altered_ciphertext_fails_authentication() -> None:
    cipher = FieldCipher.from_master(KEY)
    blob = bytearray(cipher.encrypt(b"value", record_id="rp_1", field="name"))
    blob[-1] ^= 1
    with pytest.raises(InvalidTag):
        cipher.decrypt(bytes(blob), record_id="rp_1", field="name")


def test_blind_index_is_deterministic_keyed_and_normalised() -> None:
    one, other = FieldCipher.from_master(KEY), FieldCipher.from_master(new_master_key())
    number = "23100219900101001x"
    assert one.id_index(number) == one.id_index(" 23100219900101001X")
    assert one.id_index(number) != other.id_index(number)
    assert number.upper() not in one.id_index(number)


@pytest.mark.parametrize("bad", ["", "short", "!!!not base64!!!"])
def test_a_malformed_key_is_refused(bad: str) -> None:
    with pytest.raises(InvalidKey):
        FieldCipher.from_master(bad)


def test_postgres_without_a_key_setting_refuses_to_start() -> None:
    settings = Settings(database_url="postgresql://postgres@127.0.0.1/x", identity_jwks="{}")
    with pytest.raises(MissingRegistryKey):
        registry_cipher(settings)


def test_embedded_default_creates_a_private_key_file_once(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, identity_jwks="{}")
    first = registry_cipher(settings)
    key_file = tmp_path / "lawyer_query.key"
    assert key_file.stat().st_mode & 0o777 == 0o600
    again = registry_cipher(settings)
    assert first.id_index("x") == again.id_index("x")


def test_synthetic_people_are_deterministic_and_valid_gb11643() -> None:
    first = list(generate_people(60, seed=5, photos=False))
    assert first == list(generate_people(60, seed=5, photos=False))
    today = dt.date(2026, 1, 1)
    assert all(check_citizen_id(p.id_number, today=today).valid for p in first)
    assert all("演示" in p.registered_address for p in first)


def test_synthetic_population_mix_per_block_of_20() -> None:
    slots = [population_slot(i) for i in range(20)]
    assert slots.count(("registered", "mudanjiang")) == 11
    assert slots.count(("floating", "mudanjiang")) == 2
    assert slots.count(("registered", "province")) == 4
    assert slots.count(("registered", "other_province")) == 3


def test_floating_people_are_recorded_in_mudanjiang_but_registered_elsewhere_art11() -> None:
    floating = [p for p in generate_people(100, seed=3, photos=False) if p.kind == "floating"]
    assert floating and all(p.region == "mudanjiang" for p in floating)
    assert all(not p.id_number.startswith("2310") for p in floating)


def test_synthetic_id_numbers_are_unique_like_real_ones() -> None:
    numbers = [p.id_number for p in generate_people(5000, seed=2, photos=False)]
    assert len(set(numbers)) == len(numbers)
