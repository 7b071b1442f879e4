import pytest
from datetime import date
from flo.factories import add_figures

@pytest.mark.django_db
def test_dump(site_client, statistics_page, halden, halden_before_reform, registry):
    add_figures(halden_before_reform, date(2023, 6, 1), agreements=40)
    add_figures(halden, date(2025, 3, 1), agreements=50)
    for path in ["fylke/30/", "kommune/1508/", "kommune/3101/"]:
        h = site_client.get(statistics_page.url + path).content.decode()
        i = h.index("<h1")
        print(path, h[i:i+1500])
