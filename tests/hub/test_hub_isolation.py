"""What the hub promises a class: a student reaches only their own server and files."""

import urllib.parse

import harness
import requests

TIMEOUT_S = harness.REQUEST_TIMEOUT_S


def test_a_students_token_cannot_reach_another_students_server_or_files(classroom):
    alice, bob = classroom.students["alice"], classroom.students["bob"]
    assert alice.api.get(f"{alice.server_url}/api/contents", timeout=TIMEOUT_S).status_code == 200
    for path in ("/api/contents", f"/api/contents/{harness.KIT_NAME}/{harness.LESSON}", "/api/kernels",
                 "/api/sessions"):
        r = alice.api.get(f"{bob.server_url}{path}", timeout=TIMEOUT_S)
        assert r.status_code == 403, f"alice's token got {r.status_code} for bob's {path}"
    r = alice.api.put(f"{bob.server_url}/api/contents/planted.txt", timeout=TIMEOUT_S,
                      json={"type": "file", "format": "text", "content": "alice was here"})
    assert r.status_code == 403
    assert not (classroom.hub.homes / "bob" / "planted.txt").exists()


def test_a_students_cookie_cannot_reach_another_students_server(classroom):
    alice, bob = classroom.students["alice"], classroom.students["bob"]
    own = alice.web.get(f"{alice.server_url}/api/contents", timeout=TIMEOUT_S)
    assert own.status_code == 200
    for path in ("/lab", "/api/contents"):
        r = alice.web.get(f"{bob.server_url}{path}", timeout=TIMEOUT_S)
        assert r.status_code == 403, f"alice's browser got {r.status_code} for bob's {path} ({r.url})"


def test_an_unauthenticated_request_gets_the_login_page(classroom):
    stranger = requests.Session()
    for path in ("/hub/home", "/user/alice/lab", f"/hub/user-redirect/lab/tree/{harness.KIT_NAME}"):
        r = stranger.get(classroom.hub.url + path, timeout=TIMEOUT_S)
        assert urllib.parse.urlparse(r.url).path == "/hub/login", f"{path} led to {r.url}"
        assert r.status_code == 200 and 'name="password"' in r.text
    r = stranger.get(classroom.hub.url + "/user/alice/api/contents", timeout=TIMEOUT_S, allow_redirects=False)
    assert r.status_code in (302, 403)
    if r.status_code == 302:
        assert "/hub/" in r.headers["Location"]
    r = stranger.post(classroom.hub.url + "/hub/login", timeout=TIMEOUT_S,
                      data={"username": "alice", "password": "wrong password"})
    assert urllib.parse.urlparse(r.url).path == "/hub/login"
    assert "jupyterhub-session-id" not in r.cookies and "jupyterhub-hub-login" not in stranger.cookies


def test_admin_only_api_calls_by_a_student_are_refused(classroom):
    alice = classroom.students["alice"]
    instructor = harness.Student(classroom.hub, harness.INSTRUCTOR).login()
    assert instructor.hub_api("GET", "/users").status_code == 200  # the same call works for the admin
    assert alice.hub_api("GET", "/users").status_code == 403
    assert alice.hub_api("POST", "/users/mallory").status_code == 403
    assert alice.hub_api("DELETE", "/users/bob/server").status_code in (403, 404)
    assert alice.hub_api("POST", "/users/bob/tokens", json={"note": "stolen"}).status_code in (403, 404)
    assert alice.hub_api("GET", "/users/bob").status_code in (403, 404)
    assert classroom.students["bob"].server_ready(), "bob's server must still run"
