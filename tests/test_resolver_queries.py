"""Names people type reach ingest's resolver through the service: none may make it raise."""

from __future__ import annotations

import random

import pytest

CHARS = "市县区省镇乡街道局委办会政府部中心支队段应急管理安全生产委员会城乡和平九江宜春各有关()（）、,“”x1 "


@pytest.mark.parametrize("name", ["住房和城乡建设局", "”", " ", "城乡规划局", "各有关部门", "市市监局"])
def test_odd_names(parser, name):
    parser.resolver.query_key(name)
    parser.resolver.split_jurisdiction(name, ["九江市", "宜春市"])


def test_random_names_never_raise(parser):
    rng = random.Random(1)
    for _ in range(5000):
        name = "".join(rng.choice(CHARS) for _ in range(rng.randint(1, 12)))
        parser.resolver.query_key(name)
        parser.resolver.split_jurisdiction(name, ["九江市", "宜春市"])
