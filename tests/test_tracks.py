"""Every reconstructed track satisfies the public constraints listed for it, and the check
would catch a track that did not."""

import pandas as pd
import pytest

from helpers import constraints, data, geo

CONSTRAINTS = data.track_constraints()


@pytest.mark.parametrize("row_id", list(CONSTRAINTS["id"]))
def test_constraint_holds(row_id):
    row = CONSTRAINTS[CONSTRAINTS["id"] == row_id].iloc[0]
    measured = constraints.measure(row)
    assert constraints.holds(row, measured), (
        f"{row['incident_id']} / {row['track']}: {row['kind']} should be {row['value']} {row['unit']} "
        f"(tolerance {row['tolerance']}), measured {measured}; rebuild with scripts/build_tracks.py")


def test_every_constraint_cites_claims_and_sources():
    claim_ids = set(data.claims()["id"])
    source_ids = set(data.sources()["id"])
    for _, row in CONSTRAINTS.iterrows():
        for cid in str(row["claim_ids"]).split(";"):
            assert cid in claim_ids, f"constraints.csv row {row['id']}: unknown claim id {cid!r}"
        for sid in str(row["source_ids"]).split(";"):
            assert sid in source_ids, f"constraints.csv row {row['id']}: unknown source id {sid!r}"


def test_every_track_has_constraints():
    for path in (data.DATA_DIR / "tracks").glob("*.csv"):
        if path.stem == "constraints":
            continue
        for name in data.track_names(path.stem):
            listed = CONSTRAINTS[(CONSTRAINTS["incident_id"] == path.stem) & (CONSTRAINTS["track"] == name)]
            assert len(listed), f"track {name!r} of {path.stem} has no constraint in constraints.csv"


def test_a_track_moved_closer_to_shore_fails_its_constraint():
    tracks = data.tracks("alaska-2020-06-10")
    moved = tracks["Tu-95MS formation 2"].copy()
    moved["lon"] = moved["lon"] + 0.5  # half a degree east: towards the Alaskan coast
    tracks = {**tracks, "Tu-95MS formation 2": moved}
    row = CONSTRAINTS[CONSTRAINTS["id"] == "ak-f2-closest"].iloc[0]
    measured = constraints.measure(row, tracks)
    assert not constraints.holds(row, measured), f"moving the track east should break 32 nmi, measured {measured}"


def test_a_longer_su27_track_fails_the_duration():
    tracks = data.tracks("black-sea-2018-01-29")
    su27 = tracks["Su-27"]
    longer = pd.concat([su27, su27.tail(1).assign(time=su27["time"].iloc[-1] + pd.Timedelta(minutes=5))])
    row = CONSTRAINTS[CONSTRAINTS["id"] == "bs18-duration"].iloc[0]
    assert not constraints.holds(row, constraints.measure(row, {**tracks, "Su-27": longer.reset_index(drop=True)}))


def test_tracks_are_valid_tracks():
    for path in (data.DATA_DIR / "tracks").glob("*.csv"):
        if path.stem != "constraints":
            for trk in data.tracks(path.stem).values():
                geo.check_track(trk)
