"""A real S3-compatible server (moto's standalone server) on loopback, and STORAGES pointing at it.

The server is one process for the whole run; each test gets the two buckets empty, with
STORAGES built the way newsroom/settings.py builds them when MEDIA_STORAGE=s3.
"""

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import boto3
import pytest
from django.core.files.storage import storages

from articles.photos.models import Rendition

PRIVATE_BUCKET = "newsroom-private"
PUBLIC_BUCKET = "newsroom-public"
CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing", "region_name": "us-east-1"}


@dataclass(frozen=True)
class S3Server:
    endpoint_url: str
    client: object  # a boto3 S3 client talking to the server

    def keys(self, bucket: str) -> list[str]:
        listing = self.client.list_objects_v2(Bucket=bucket)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    def empty(self, bucket: str) -> None:
        for key in self.keys(bucket):
            self.client.delete_object(Bucket=bucket, Key=key)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_answering(url: str, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"moto_server exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1):  # noqa: S310 (a loopback URL we built)
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    raise RuntimeError(f"moto_server did not answer at {url} within {timeout} s")


@pytest.fixture(scope="session")
def s3_server():
    """moto_server on a free loopback port with a private and a public bucket; stopped at the end.

    The public bucket lets anyone read objects through a bucket policy, as the production
    bucket must (the settings give renditions no ACL); the private one has none.
    """
    port = _free_port()
    endpoint_url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_until_answering(f"{endpoint_url}/moto-api/", process)
        client = boto3.client("s3", endpoint_url=endpoint_url, **CREDENTIALS)
        client.create_bucket(Bucket=PRIVATE_BUCKET)
        client.create_bucket(Bucket=PUBLIC_BUCKET)
        public_read = {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": "s3:GetObject",
                    "Resource": f"arn:aws:s3:::{PUBLIC_BUCKET}/*",
                }
            ],
        }
        client.put_bucket_policy(Bucket=PUBLIC_BUCKET, Policy=json.dumps(public_read))
        yield S3Server(endpoint_url=endpoint_url, client=client)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def s3_storages(endpoint_url: str) -> dict:
    """STORAGES as newsroom/settings.py builds them for MEDIA_STORAGE=s3 (no custom domain)."""
    s3_options = {
        "endpoint_url": endpoint_url,
        "region_name": CREDENTIALS["region_name"],
        "access_key": CREDENTIALS["aws_access_key_id"],
        "secret_key": CREDENTIALS["aws_secret_access_key"],
        "file_overwrite": False,
    }
    return {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **s3_options,
                "bucket_name": PRIVATE_BUCKET,
                "default_acl": "private",
                "querystring_auth": True,
                "querystring_expire": 3600,
            },
        },
        "renditions": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **s3_options,
                "bucket_name": PUBLIC_BUCKET,
                "querystring_auth": False,
                "custom_domain": None,
                "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
            },
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def s3(settings, monkeypatch, s3_server):
    """Originals and renditions on the S3 server for this test; both buckets empty before and after."""
    for bucket in (PRIVATE_BUCKET, PUBLIC_BUCKET):
        s3_server.empty(bucket)
    settings.STORAGES = s3_storages(s3_server.endpoint_url)
    # Rendition.file calls rendition_storage() once, when the model class is built, so the
    # field keeps the storage of import time; point it at the S3 one for this test.
    monkeypatch.setattr(Rendition._meta.get_field("file"), "storage", storages["renditions"])
    yield s3_server
    for bucket in (PRIVATE_BUCKET, PUBLIC_BUCKET):
        s3_server.empty(bucket)
