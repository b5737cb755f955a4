"""Currencies and the daily exchange-rate random walk (value of one unit in EUR)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .clock import DAY, Clock, weekday

#: All currencies in the data; EUR is the reporting currency.
CURRENCIES = ("EUR", "SEK", "DKK", "NOK", "HUF", "CHF")
EUR = 0
#: Currency of each country code in `names.COUNTRIES` (DK, SE, NO, DE, AT, CH, HU).
COUNTRY_CURRENCY = np.array([2, 1, 3, 0, 0, 5, 4])
_LEVEL = np.array([1.0, 0.087, 0.1341, 0.085, 0.0025, 1.05])
_VOL = np.array([0.0, 0.0035, 0.00015, 0.0045, 0.0040, 0.0030])
#: Decimals kept per currency (six significant digits).
DECIMALS = np.array([6, 7, 6, 7, 8, 5])


@dataclass
class Fx:
    """Daily rates per currency from history start up to and including the last load date."""

    first_day: int
    rates: np.ndarray  # (len(CURRENCIES), n_days), EUR row all ones

    @classmethod
    def build(cls, clock: Clock, rng: np.random.Generator) -> Fx:
        """A mean-reverting log random walk per currency; weekends repeat Friday."""
        n = clock.end_day - clock.start_day + 1
        days = np.arange(clock.start_day, clock.end_day + 1)
        business = weekday(days) < 5
        rates = np.ones((len(CURRENCIES), n))
        for c in range(1, len(CURRENCIES)):
            log_level = np.log(_LEVEL[c])
            x = log_level + rng.normal(0, 3 * _VOL[c])
            shocks = rng.normal(0, _VOL[c], n)
            out = np.empty(n)
            for i in range(n):
                if business[i]:
                    x = x + 0.01 * (log_level - x) + shocks[i]
                out[i] = x
            rates[c] = np.round(np.exp(out), DECIMALS[c])
        return cls(clock.start_day, rates)

    def rate_on_days(self, currency: np.ndarray, days: np.ndarray) -> np.ndarray:
        """EUR value of one unit of `currency` on epoch `days` (clamped to the known range)."""
        idx = np.clip(np.asarray(days) - self.first_day, 0, self.rates.shape[1] - 1)
        return self.rates[np.asarray(currency), idx]

    def rate_at(self, currency: np.ndarray, ts: np.ndarray) -> np.ndarray:
        """EUR value of one unit of `currency` at instants."""
        return self.rate_on_days(currency, np.asarray(ts) // DAY)

    def to_local(
        self, eur: np.ndarray, currency: np.ndarray, ts: np.ndarray, round_to: float = 1.0
    ) -> np.ndarray:
        """Convert EUR amounts into local currency at instants, rounded to `round_to` EUR."""
        local = np.asarray(eur) / self.rate_at(currency, ts)
        step = round_to / _LEVEL[np.asarray(currency)]
        step = np.where(step >= 1, 10 ** np.floor(np.log10(step)), 0.01)
        return np.round(local / step) * step

    @staticmethod
    def approx_rate(currency: np.ndarray) -> np.ndarray:
        """The long-run rate level of a currency (for pricing in round local numbers)."""
        return _LEVEL[np.asarray(currency)]
