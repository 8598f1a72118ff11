"""The Kavenegar adapter against a fake of its REST API on 127.0.0.1 (the real one is never called in tests)."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs

import pytest

from rownaq.notify.sms import KavenegarSmsBackend, SmsError


class FakeKavenegar(BaseHTTPRequestHandler):
    requests: list[dict] = []
    answer_status = 200  # the HTTP status
    answer_body: dict | None = None

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode("utf-8")).items()}
        FakeKavenegar.requests.append({"path": self.path, "form": form, "content_type": self.headers["Content-Type"]})
        body = FakeKavenegar.answer_body or {
            "return": {"status": 200, "message": "تایید شد"},
            "entries": [
                {
                    "messageid": 8792343,
                    "message": form.get("message"),
                    "status": 1,
                    "statustext": "در صف ارسال",
                    "sender": form.get("sender"),
                    "receptor": form.get("receptor"),
                    "date": 1356619709,
                    "cost": 120,
                }
            ],
        }
        raw = json.dumps(body, ensure_ascii=False).encode("utf-8")
        self.send_response(FakeKavenegar.answer_status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def log_message(self, *args):
        pass


@pytest.fixture
def kavenegar():
    FakeKavenegar.requests, FakeKavenegar.answer_status, FakeKavenegar.answer_body = [], 200, None
    server = HTTPServer(("127.0.0.1", 0), FakeKavenegar)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def backend(url, timeout=5):
    return KavenegarSmsBackend(api_key="TEST-KEY/1", sender="10004346", base_url=url, timeout=timeout)


def test_a_message_is_posted_as_kavenegar_documents_it(kavenegar):
    message_id = backend(kavenegar).send("+۹۸۹۱۲۱۲۳۴۵۶۷", "رونق: گزارش برای اصلاح بازگشت", reference="rownaq-7")
    assert message_id == "8792343"
    [request] = FakeKavenegar.requests
    assert request["path"] == "/v1/TEST-KEY%2F1/sms/send.json"
    assert request["content_type"].startswith("application/x-www-form-urlencoded")
    assert request["form"] == {
        "receptor": "09121234567",
        "message": "رونق: گزارش برای اصلاح بازگشت",
        "sender": "10004346",
        "localid": "rownaq-7",
    }


@pytest.mark.parametrize("status, permanent", [(411, True), (403, True), (418, False), (502, False)])
def test_refusals_carry_kavenegar_status_and_whether_a_retry_can_help(kavenegar, status, permanent):
    FakeKavenegar.answer_status = status
    FakeKavenegar.answer_body = {"return": {"status": status, "message": "خطا"}, "entries": None}
    with pytest.raises(SmsError) as error:
        backend(kavenegar).send("09121234567", "متن")
    assert str(status) in str(error.value) and error.value.permanent is permanent


def test_an_unreachable_gateway_is_a_retryable_error():
    import socket

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(SmsError) as error:
        backend(f"http://127.0.0.1:{port}", timeout=2).send("09121234567", "متن")
    assert error.value.permanent is False


def test_an_unreadable_answer_is_an_error(kavenegar):
    FakeKavenegar.answer_body = {"unexpected": True}
    with pytest.raises(SmsError, match="unreadable"):
        backend(kavenegar).send("09121234567", "متن")


def test_no_api_key_is_refused_before_any_request(kavenegar):
    with pytest.raises(SmsError) as error:
        KavenegarSmsBackend(api_key="", sender="", base_url=kavenegar).send("09121234567", "متن")
    assert error.value.permanent and FakeKavenegar.requests == []


@pytest.mark.django_db
def test_deliver_due_sends_through_kavenegar_when_configured(kavenegar, settings, world):
    from rownaq.notify import services
    from rownaq.notify.models import Delivery, Kind
    from tests.notify.conftest import wants

    settings.SMS_BACKEND = "rownaq.notify.sms.KavenegarSmsBackend"
    settings.KAVENEGAR_URL, settings.KAVENEGAR_API_KEY, settings.KAVENEGAR_SENDER = kavenegar, "K", "2000"
    wants(world.member_a, mobile="09351112233", by_email=False)
    services.notify([world.member_a], Kind.REPORT_ACCEPTED, "گزارش پذیرفته شد", url="/reports/1/")
    assert services.deliver_due().sent == 1
    delivery = Delivery.objects.get()
    assert FakeKavenegar.requests[0]["form"]["localid"] == f"rownaq-{delivery.pk}"
    assert delivery.log.get().detail == "8792343"
