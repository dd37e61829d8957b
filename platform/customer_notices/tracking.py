"""A shipment's tracking link, from its carrier's name and tracking number."""

from __future__ import annotations

import re
from urllib.parse import quote

# Carriers customers of our tenants use most; a carrier not listed gets no link (the
# tracking number is still in the email).
TRACKING_URLS: dict[str, str] = {
    "dhl": "https://www.dhl.com/global-en/home/tracking.html?tracking-id={number}",
    "ups": "https://www.ups.com/track?tracknum={number}",
    "fedex": "https://www.fedex.com/fedextrack/?trknbr={number}",
    "usps": "https://tools.usps.com/go/TrackConfirmAction?tLabels={number}",
    "sf": "https://www.sf-express.com/chn/en/waybill/waybill-detail/{number}",
    "sf express": "https://www.sf-express.com/chn/en/waybill/waybill-detail/{number}",
    "顺丰": "https://www.sf-express.com/chn/sc/waybill/waybill-detail/{number}",
    "顺丰速运": "https://www.sf-express.com/chn/sc/waybill/waybill-detail/{number}",
    "ems": "https://www.ems.com.cn/qps/yjcx?mailNum={number}",
    "royal mail": "https://www.royalmail.com/track-your-item#/tracking-results/{number}",
}


def _key(carrier: str) -> str:
    return re.sub(r"\s+", " ", carrier.strip().lower())


def tracking_url(carrier: str, tracking_number: str) -> str | None:
    template = TRACKING_URLS.get(_key(carrier))
    if template is None or not tracking_number.strip():
        return None
    return template.format(number=quote(tracking_number.strip(), safe=""))
