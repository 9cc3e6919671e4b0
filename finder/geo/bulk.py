"""Place many addresses by postcode at once (for imports), one query per country."""
from sqlalchemy import text
from sqlalchemy.orm import Session

from finder.geo.normalise import lookup_countries
from finder.geo.normalise import postcode_candidates


class PostcodeIndex:
    """Postcode centroids of the countries asked for, held in memory for one import."""

    def __init__(self, session: Session):
        self.session = session
        self.points: dict[str, dict[str, tuple[float, float]]] = {}

    def _country(self, country: str) -> dict[str, tuple[float, float]]:
        if country not in self.points:
            rows = self.session.execute(text(
                "SELECT code, ST_Y(location::geometry), ST_X(location::geometry) "
                "FROM postcodes WHERE country = :c"), {"c": country})
            self.points[country] = {code: (lat, lon) for code, lat, lon in rows}
        return self.points[country]

    def locate(self, country: str, postcode: str) -> tuple[float, float] | None:
        """Return (lat, lon) of ``postcode``'s centre in ``country`` (or its territories)."""
        for file_country in lookup_countries(country):
            codes = self._country(file_country)
            for key in postcode_candidates(file_country, postcode):
                if key in codes:
                    return codes[key]
        return None
