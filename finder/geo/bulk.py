"""Place many addresses by postcode at once (for imports), one query per country."""
from sqlalchemy.orm import Session

from finder.geo.normalise import lookup_countries
from finder.geo.normalise import postcode_candidates


class PostcodeIndex:
    """Postcode centroids of the countries asked for, held in memory for one import."""

    def __init__(self, session: Session):
        # Its own connection: the import streams rows over the session's (COPY) while
        # this looks up the next country's postcodes.
        self.engine = session.get_bind().engine
        self.points: dict[str, dict[str, tuple[float, float]]] = {}

    def _country(self, country: str) -> dict[str, tuple[float, float]]:
        if country not in self.points:
            with self.engine.connect() as connection:
                rows = connection.connection.driver_connection.execute(
                    "SELECT code, ST_Y(location::geometry), ST_X(location::geometry) "
                    "FROM postcodes WHERE country = %s", (country,))
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
