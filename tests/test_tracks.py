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


def test_an_instant_reversal_fails_the_flown_turn():
    """The old reconstruction turned the bomber 180 degrees between two fixes; that must fail."""
    b52 = data.track("baltic-2019-03-20", "B-52H")
    turn = constraints.turnaround_time(b52)
    out = b52[b52["time"] <= turn]
    back = out.iloc[::-1].iloc[1:].copy()
    back["time"] = turn + (turn - back["time"])
    reversed_track = pd.concat([out, back], ignore_index=True)
    row = CONSTRAINTS[CONSTRAINTS["id"] == "bs19-b52-flown-turn"].iloc[0]
    measured = constraints.measure(row, {**data.tracks("baltic-2019-03-20"), "B-52H": reversed_track})
    assert measured > 5 * float(row["value"]), f"an instant reversal should turn far faster, measured {measured} deg/s"
    assert not constraints.holds(row, measured)


def test_the_two_baltic_variants_join_on_either_side_of_the_turn():
    tracks = data.tracks("baltic-2019-03-20")
    turn = constraints.turnaround_time(tracks["B-52H"])
    before = constraints.join_time(tracks["Su-27 pair (joins before the turn)"], tracks["B-52H"])
    after = constraints.join_time(tracks["Su-27 pair (joins after the turn)"], tracks["B-52H"])
    assert before < turn < after, f"joins at {before} and {after}, turn-around at {turn}"
    row = CONSTRAINTS[CONSTRAINTS["id"] == "bs19-before-joins-first"].iloc[0]
    swapped = {**tracks, "Su-27 pair (joins before the turn)": tracks["Su-27 pair (joins after the turn)"]}
    assert not constraints.holds(row, constraints.measure(row, swapped)), "a late join must fail 'joins before'"


def test_five_feet_centre_to_centre_would_overlap_the_wings():
    """Wingtip clearance subtracts both half-spans: 5 ft between centres is a collision."""
    overlap = constraints.wingtip_clearance_ft(geo.convert_length(5.0, "ft", "nmi"), "EP-3E", "Su-27")
    half_spans = constraints.half_span_ft("EP-3E") + constraints.half_span_ft("Su-27")
    assert overlap == pytest.approx(5.0 - half_spans)
    assert overlap < -50, f"the wings of an EP-3E and a Su-27 5 ft apart centre to centre overlap by {-overlap:.0f} ft"
    tracks = data.tracks("black-sea-2018-01-29")
    row = CONSTRAINTS[CONSTRAINTS["id"] == "bs18-wingtip-5ft"].iloc[0]
    on_top = tracks["EP-3E"].assign(aircraft="Su-27")
    assert not constraints.holds(row, constraints.measure(row, {**tracks, "Su-27": on_top}))


def test_the_su27_track_is_drawn_apart_from_the_ep3e():
    """Most of the time the Su-27 holds about a nautical mile off, so both lines show on a map."""
    tracks = data.tracks("black-sea-2018-01-29")
    su27 = tracks["Su-27"]
    minutes = pd.date_range(su27["time"].iloc[0], su27["time"].iloc[-1], freq="1min")
    a, b = geo.position_at(tracks["EP-3E"], minutes), geo.position_at(su27, minutes)
    apart = geo.distance_nmi(lat1=a["lat"].to_numpy(), lon1=a["lon"].to_numpy(), lat2=b["lat"].to_numpy(),
                             lon2=b["lon"].to_numpy())
    assert (apart > 0.9).mean() > 0.9, f"only {(apart > 0.9).mean():.0%} of the minutes more than 0.9 nmi apart"


def test_level_turn_inverts_the_builders_formula():
    """constraints.level_turn_* (used by lesson 03 to show the assumed bank) undo scripts/build_tracks.py's
    turn_rate_deg_s / turn_radius_nmi, and the Baltic B-52H's measured turns give its assumed bank."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location("build_tracks", Path(__file__).parents[1] / "scripts" / "build_tracks.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    rate = build.turn_rate_deg_s(build.B52_SPEED_KT, build.B52_BANK_DEG)
    assert constraints.level_turn_bank_deg(speed_kt=build.B52_SPEED_KT, rate_deg_s=rate) == pytest.approx(build.B52_BANK_DEG)
    assert constraints.level_turn_radius_nmi(speed_kt=build.B52_SPEED_KT, rate_deg_s=rate) == pytest.approx(
        build.turn_radius_nmi(build.B52_SPEED_KT, build.B52_BANK_DEG))
    b52 = data.track("baltic-2019-03-20", "B-52H")
    measured = constraints.level_turn_bank_deg(speed_kt=float(geo.ground_speed_kt(b52).median()),
                                               rate_deg_s=constraints.max_turn_rate_deg_s(b52))
    assert measured == pytest.approx(build.B52_BANK_DEG, abs=0.1), f"the track's turns are flown at {measured} deg of bank"
