"""Client ID metadata documents: a client whose id is the https URL of its own metadata, served here by a
local HTTPS server with a throwaway certificate. The toolkit's SSRF-safe fetcher refuses loopback
addresses and unknown certificates, as it must in production; the test lets this one server through."""

import datetime
import json
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.test import Client
from oauth2_provider import cimd
from oauth2_provider.models import get_application_model

from mcp_bridge.models import OAuthClientProfile
from mcp_bridge.tokens import authenticate_token

from .oauth_helpers import REDIRECT, Pkce, authorize_params, consent, redirect_query, trade_code

MCP = "http://testserver/mcp"


def _certificate(tmp_path):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=1))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_path, key_path


@pytest.fixture
def documents(tmp_path, monkeypatch):
    """An HTTPS server on localhost serving client metadata documents by path; yields (base URL, documents)."""
    cert_path, key_path = _certificate(tmp_path)
    served: dict[str, dict] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            document = served.get(self.path)
            body = json.dumps(document).encode()
            self.send_response(200 if document else 404)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_path, key_path)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    # This one local server, and its certificate, are let through the fetcher's guards.
    monkeypatch.setattr(cimd, "_ip_is_public", lambda ip: ip in {"127.0.0.1", "::1"})
    trusted = ssl.create_default_context(cafile=str(cert_path))
    monkeypatch.setattr(cimd.ssl, "create_default_context", lambda *args, **kwargs: trusted)
    try:
        yield f"https://localhost:{server.server_address[1]}", served
    finally:
        server.shutdown()
        server.server_close()


def metadata(url: str, **changes) -> dict:
    return {
        "client_id": url,
        "client_name": "VS Code (test)",
        "redirect_uris": [REDIRECT],
        "grant_types": ["authorization_code", "refresh_token"],
        "response_types": ["code"],
        "token_endpoint_auth_method": "none",
        "logo_uri": "https://code.visualstudio.com/favicon.ico",
        **changes,
    }


def test_a_client_known_only_by_its_metadata_url_connects(documents, user):
    base, served = documents
    client_id = f"{base}/oauth/client.json"
    served["/oauth/client.json"] = metadata(client_id)
    person = Client()
    person.force_login(user)
    pkce = Pkce.new()

    page = person.get("/o/authorize/", authorize_params(client_id, pkce, MCP))
    assert "<strong>VS Code (test)</strong> wants to use your Todo account" in page.content.decode()
    assert 'src="https://code.visualstudio.com/favicon.ico"' in page.content.decode()
    code = redirect_query(consent(person, authorize_params(client_id, pkce, MCP)))["code"]
    tokens = trade_code(Client(), client_id, code, pkce, MCP).json()

    assert authenticate_token(tokens["access_token"]).label == "VS Code (test)"
    app = get_application_model().objects.get(client_id=client_id)
    assert (app.client_type, app.registration_source) == ("public", "cimd")
    assert OAuthClientProfile.objects.get(client_id=client_id).logo_uri.endswith("favicon.ico")


@pytest.mark.parametrize(
    "changes",
    [
        {"redirect_uris": ["http://evil.example/callback"]},  # plain http off the loopback
        {"client_id": "https://someone-else.example/client.json"},  # the document is not about this URL
    ],
)
def test_a_document_that_breaks_the_rules_leaves_the_client_unknown(documents, user, changes):
    base, served = documents
    client_id = f"{base}/bad/client.json"
    served["/bad/client.json"] = metadata(client_id, **changes)
    person = Client()
    person.force_login(user)
    response = person.get("/o/authorize/", authorize_params(client_id, Pkce.new(), MCP))
    assert response.status_code == 400 and "This app cannot connect" in response.content.decode()
    assert not get_application_model().objects.filter(client_id=client_id).exists()
