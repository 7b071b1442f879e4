import pytest
from datetime import date
from flo.factories import add_figures
from pages.factories import GuidancePageFactory

@pytest.mark.django_db
def test_dump(site_client, home_page, oslo, bergen, halden, registry):
    for m in (date(2025, 2, 1), date(2025, 3, 1)):
        add_figures(oslo, m, agreements=500)
    page = GuidancePageFactory(parent=home_page, body=[{"type": "key_figures", "value": {"heading": "Tall", "indicators": ["gp_agreements", "share_without_gp"], "level": "municipality", "municipality": "0301", "month": date(2025, 2, 1)}}])
    r = site_client.get(page.url)
    h = r.content.decode()
    i = h.index("flo-key-figures")
    print(h[i-200:i+1500])
