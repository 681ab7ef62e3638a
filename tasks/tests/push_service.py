"""A push service for the tests, on loopback: it hands out subscriptions (with their own keys, as a browser
has), and for each push it checks the VAPID signature and claims (RFC 8292) and decrypts the payload
(RFC 8291) as a browser would, keeping what it received. An endpoint it has been told is gone answers 410."""

import json
import os
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

import http_ece
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from py_vapid import b64urldecode, b64urlencode


@dataclass
class Subscription:
    endpoint: str
    private_key: ec.EllipticCurvePrivateKey
    auth: bytes

    def as_browser_gives_it(self) -> dict[str, Any]:
        public = self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return {"endpoint": self.endpoint, "keys": {"p256dh": b64urlencode(public), "auth": b64urlencode(self.auth)}}


@dataclass
class Received:
    endpoint: str
    payload: dict[str, Any]
    claims: dict[str, Any]
    headers: dict[str, str]


@dataclass
class PushService:
    url: str
    subscriptions: dict[str, Subscription] = field(default_factory=dict)
    received: list[Received] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    gone: set[str] = field(default_factory=set)

    def subscribe(self) -> Subscription:
        endpoint = f"{self.url}/push/{b64urlencode(os.urandom(12))}"
        subscription = Subscription(endpoint, ec.generate_private_key(ec.SECP256R1()), os.urandom(16))
        self.subscriptions[endpoint] = subscription
        return subscription


def _verified_claims(authorization: str, endpoint: str) -> dict[str, Any]:
    """The claims of a VAPID ``Authorization: vapid t=<JWT>, k=<key>`` header, after checking its ES256
    signature with the key it names, its audience (the push service's origin) and its expiry."""
    scheme, _, params = authorization.partition(" ")
    if scheme.lower() != "vapid":
        raise ValueError(f"not a VAPID authorization: {scheme!r}")
    values = dict(part.strip().split("=", 1) for part in params.split(","))
    token, key = values["t"], values["k"]
    header, claims, signature = token.split(".")
    raw = b64urldecode(signature.encode())
    der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), b64urldecode(key.encode()))
    public.verify(der, f"{header}.{claims}".encode(), ec.ECDSA(hashes.SHA256()))
    decoded = json.loads(b64urldecode(claims.encode()))
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(endpoint))
    if decoded.get("aud") != origin:
        raise ValueError(f"audience {decoded.get('aud')!r} is not {origin!r}")
    if not time.time() < decoded.get("exp", 0) <= time.time() + 24 * 3600:
        raise ValueError("expired, or valid for more than a day")
    if not str(decoded.get("sub", "")).startswith(("mailto:", "https:")):
        raise ValueError("no contact (sub)")
    return decoded


def start() -> tuple[PushService, ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    service = PushService(url=f"http://127.0.0.1:{server.server_address[1]}")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            endpoint = f"{service.url}{self.path}"
            subscription = service.subscriptions.get(endpoint)
            if subscription is None or endpoint in service.gone:
                self.send_response(410)
                self.end_headers()
                return
            try:
                claims = _verified_claims(self.headers.get("Authorization", ""), endpoint)
                if self.headers.get("Content-Encoding") != "aes128gcm":
                    raise ValueError("not aes128gcm")
                plain = http_ece.decrypt(body, private_key=subscription.private_key, auth_secret=subscription.auth)
            except (ValueError, KeyError, InvalidSignature) as error:
                service.refused.append(f"{type(error).__name__}: {error}")
                self.send_response(403)
                self.end_headers()
                return
            service.received.append(
                Received(endpoint, json.loads(plain), claims, {k.lower(): v for k, v in self.headers.items()})
            )
            self.send_response(201)
            self.end_headers()

        def log_message(self, *args):
            pass

    server.RequestHandlerClass = Handler
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return service, server
