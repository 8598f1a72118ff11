"""The SMS gateway: one interface, chosen by settings.SMS_BACKEND (a dotted path), with

- ConsoleSmsBackend: writes each message to standard output and keeps it in `sent` (the demo, and tests);
- KavenegarSmsBackend: Kavenegar's REST API (https://kavenegar.com/rest.html), `sms/send.json`, over urllib.

A backend's `send(number, text, reference)` returns the gateway's message id or raises SmsError; `permanent`
says whether trying again could help (an invalid number will not become valid).
"""

from __future__ import annotations

import json
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections import deque

from django.conf import settings
from django.utils.module_loading import import_string

from rownaq.core.phone import normalize_mobile


class SmsError(Exception):
    def __init__(self, message: str, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


class SmsBackend:
    def send(self, number: str, text: str, reference: str = "") -> str:
        raise NotImplementedError


class ConsoleSmsBackend(SmsBackend):
    """Prints the message; `sent` holds (number, text) of the process's latest messages, like Django's locmem mail
    (bounded, since the demo's sender runs for days)."""

    sent: deque[tuple[str, str]] = deque(maxlen=1000)

    def send(self, number: str, text: str, reference: str = "") -> str:
        number = normalize_mobile(number)
        ConsoleSmsBackend.sent.append((number, text))
        stream = getattr(settings, "SMS_CONSOLE_STREAM", None) or sys.stdout
        stream.write(f"--- پیامک به {number} ---\n{text}\n")
        stream.flush()
        return "console"


# Kavenegar's `return.status` codes after which the same request will fail again (its documentation's table):
# 400 missing parameters, 401 account disabled, 403 invalid API key, 404/405 no such method, 411 invalid receptor,
# 412 invalid sender, 413 empty or too long message, 414 too many receptors, 422 invalid characters,
# 426 method needs a dedicated line. Others (402 failed, 418 credit, 429+, 5xx) may pass later.
KAVENEGAR_PERMANENT = {400, 401, 403, 404, 405, 411, 412, 413, 414, 422, 426}


class KavenegarSmsBackend(SmsBackend):
    """POST {KAVENEGAR_URL}/v1/{api key}/sms/send.json with receptor, message, sender and localid (form-encoded).

    The answer is JSON: {"return": {"status": 200, "message": "..."}, "entries": [{"messageid": ..., "status": ...}]}.
    `localid` is our delivery's reference: Kavenegar does not send a second message with a localid it has seen
    (it answers with the first one), so a retry after a lost answer does not text the person twice."""

    def __init__(
        self,
        api_key: str | None = None,
        sender: str | None = None,
        base_url: str | None = None,
        timeout: float | None = None,
    ) -> None:
        self.api_key = api_key if api_key is not None else settings.KAVENEGAR_API_KEY
        self.sender = sender if sender is not None else settings.KAVENEGAR_SENDER
        self.base_url = (base_url or settings.KAVENEGAR_URL).rstrip("/")
        self.timeout = timeout or settings.SMS_TIMEOUT_SECONDS

    def send(self, number: str, text: str, reference: str = "") -> str:
        if not self.api_key:
            raise SmsError("KAVENEGAR_API_KEY تنظیم نشده است.", permanent=True)
        fields = {"receptor": normalize_mobile(number), "message": text}
        if self.sender:
            fields["sender"] = self.sender
        if reference:
            fields["localid"] = reference
        url = f"{self.base_url}/v1/{urllib.parse.quote(self.api_key, safe='')}/sms/send.json"
        request = urllib.request.Request(
            url,
            data=urllib.parse.urlencode(fields).encode(),
            method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8", "Accept": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                raw = response.read()
        except urllib.error.HTTPError as exc:  # Kavenegar answers errors with their status code and the same JSON
            raw = exc.read()
            if not raw:
                raise SmsError(f"Kavenegar HTTP {exc.code}", permanent=exc.code in KAVENEGAR_PERMANENT) from exc
        except (urllib.error.URLError, OSError) as exc:
            raise SmsError(f"Kavenegar unreachable: {exc}") from exc
        try:
            answer = json.loads(raw.decode("utf-8"))
            status = int(answer["return"]["status"])
            message = str(answer["return"].get("message", ""))
        except (ValueError, KeyError, TypeError) as exc:
            raise SmsError(f"Kavenegar: unreadable answer {raw[:200]!r}") from exc
        if status != 200:
            raise SmsError(f"Kavenegar {status}: {message}", permanent=status in KAVENEGAR_PERMANENT)
        entries = answer.get("entries") or []
        if not entries:
            raise SmsError("Kavenegar: no entry in the answer")
        return str(entries[0].get("messageid", ""))


def backend() -> SmsBackend:
    return import_string(settings.SMS_BACKEND)()
