import os
from unittest import mock

import usage

FAKE_KEY = "sk-admin-test-0000000000000000000000000000"
AWS_EXAMPLE = "AKIAIOSFODNN7EXAMPLE"


def test_month_costs_sums_buckets():
    payload = {"data": [{"results": [{"amount": {"value": 1.5}}]}, {"results": []}, {"results": [{"amount": {"value": 2.0}}]}]}
    with mock.patch("usage.requests.get") as get:
        get.return_value.json.return_value = payload
        assert usage.month_costs(FAKE_KEY) == 3.5
        assert get.call_args.kwargs["headers"]["Authorization"] == f"Bearer {FAKE_KEY}"


def test_env_key_not_required_for_import():
    with mock.patch.dict(os.environ, {"OPENAI_ADMIN_KEY": "sk-your-key-here"}):
        assert usage.month_costs
