"""The selling organisation: users in market teams, their traits and owner assignment."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import names
from .clock import DAY, HOUR, INF, Clock

ROLES = ("seller", "manager", "marketing", "other")
SELLER, MANAGER, MARKETING, OTHER = range(4)


@dataclass
class Org:
    """Users (sellers in market teams, managers, marketing, operations) and seller traits."""

    full_name: np.ndarray
    email: np.ndarray
    team: np.ndarray
    role: np.ndarray  # index into ROLES
    market: np.ndarray  # market group 0..4 for sales users, -1 otherwise
    team_id: np.ndarray  # int team number (-1 outside sales teams)
    created: np.ndarray
    deactivated: np.ndarray  # INF while active
    skill: np.ndarray  # win log-odds offset (sellers)
    speed: np.ndarray  # speed-to-lead multiplier
    intro_rate: np.ndarray  # how often the seller asks for introductions
    weight: np.ndarray  # share of new leads a seller gets within the team

    def __len__(self) -> int:
        return len(self.role)

    @property
    def sellers(self) -> np.ndarray:
        """Indices of users with role seller."""
        return np.flatnonzero(self.role == SELLER)

    def pick_sellers(
        self, times: np.ndarray, markets: np.ndarray, rng: np.random.Generator
    ) -> np.ndarray:
        """A seller of each row's market team who was already employed at that instant."""
        times = np.asarray(times)
        out = np.full(len(times), -1, dtype=np.int64)
        sellers = self.sellers
        for g in np.unique(markets):
            rows = np.flatnonzero(markets == g)
            team = sellers[self.market[sellers] == g]
            if len(team) == 0:
                team = sellers
            # hires split time into segments with a fixed pool of employed sellers
            cuts = np.unique(self.created[team])
            seg = np.maximum(np.searchsorted(cuts, times[rows], side="right") - 1, 0)
            order = np.argsort(seg, kind="stable")
            bounds = np.searchsorted(seg[order], np.arange(len(cuts) + 1))
            for s in range(len(cuts)):
                r = rows[order[bounds[s] : bounds[s + 1]]]
                if len(r) == 0:
                    continue
                pool = team[(self.created[team] <= cuts[s]) & (self.deactivated[team] > cuts[s])]
                w = self.weight[pool] / self.weight[pool].sum()
                out[r] = pool[rng.choice(len(pool), size=len(r), p=w)]
        return out

    def manager_of(self, users: np.ndarray) -> np.ndarray:
        """The team manager of each user (the user itself when no manager is found)."""
        users = np.asarray(users)
        managers = np.flatnonzero(self.role == MANAGER)
        by_team = {int(self.team_id[m]): m for m in managers}
        return np.array([by_team.get(int(self.team_id[u]), u) for u in users], dtype=np.int64)


def build_org(clock: Clock, scale: float, rng: np.random.Generator) -> Org:
    """About 50 users at scale 1: sellers in market teams of ~7, a manager per team, marketing
    and operations; a few sellers hired during the history, two non-sellers leave."""
    n_sellers = max(8, round(36 * scale))
    share = np.array([0.22, 0.24, 0.15, 0.25, 0.14])
    market = rng.choice(5, size=n_sellers, p=share)
    market[:5] = np.arange(5)  # every market has a seller
    market = np.sort(market)
    team_id = np.empty(n_sellers, dtype=np.int64)
    team_name: list[str] = []
    team_market: list[int] = []
    for g in range(5):
        members = np.flatnonzero(market == g)
        k = max(1, round(len(members) / 9))
        for j, chunk in enumerate(np.array_split(members, k)):
            team_id[chunk] = len(team_name)
            suffix = f" {j + 1}" if k > 1 else ""
            team_name.append(f"Team {names.MARKET_NAMES[g]}{suffix}")
            team_market.append(g)
    n_teams = len(team_name)
    n_marketing = max(2, round(4 * scale))
    n_other = max(1, round(2 * scale))
    role = np.concatenate(
        [
            np.full(n_sellers, SELLER),
            np.full(n_teams, MANAGER),
            np.full(n_marketing, MARKETING),
            np.full(n_other, OTHER),
        ]
    )
    n = len(role)
    mk = np.concatenate([market, np.array(team_market), np.full(n_marketing + n_other, -1)]).astype(
        np.int64
    )
    tid = np.concatenate([team_id, np.arange(n_teams), np.full(n_marketing + n_other, -1)])
    team = np.array(
        [team_name[t] if t >= 0 else "" for t in tid[: n_sellers + n_teams]]
        + ["Marketing"] * n_marketing
        + ["Operations"] * n_other,
        dtype=object,
    )
    # people's names follow the market's language; marketing/ops are spread over markets
    home = np.array([0, 1, 2, 3, 6])[np.where(mk >= 0, mk, rng.integers(0, 5, n))]
    first, last = names.person_names(home, rng)
    full = names.full_names(first, last, home)
    email = np.array(
        [
            f"{names.ascii_fold(f).lower()}.{names.ascii_fold(la).lower()}@janox.example"
            for f, la in zip(first, last, strict=True)
        ],
        dtype=object,
    )
    created = clock.start + rng.integers(HOUR, 20 * HOUR, n)
    # a few sellers join during the history (never the first of a market)
    hires = np.flatnonzero((role == SELLER) & (rng.random(n) < 0.12))
    hires = hires[~np.isin(hires, [np.flatnonzero(mk == g)[0] for g in range(5)])]
    hire_days = rng.integers(clock.start_day + 60, clock.end_day - 45, len(hires))
    created[hires] = clock.work_time(hire_days, rng)
    deactivated = np.full(n, INF, dtype=np.int64)
    leavers = np.flatnonzero(role >= MARKETING)[-2:] if n_marketing + n_other >= 3 else []
    for u in leavers:
        deactivated[u] = clock.work_time(
            np.array([rng.integers(clock.start_day + 200, clock.end_day - 3)]), rng
        )[0]
    if len(leavers) and rng.random() < 0.8:
        # one leaves during the recent loads, so a later load updates an earlier user
        deactivated[leavers[-1]] = clock.end - rng.integers(
            DAY // 3, DAY * max(1, len(clock.load_days) - 1)
        )
    return Org(
        full_name=full,
        email=email,
        team=team,
        role=role,
        market=mk,
        team_id=tid,
        created=created,
        deactivated=deactivated,
        skill=np.where(role == SELLER, rng.normal(0, 0.35, n), 0.0),
        speed=np.exp(rng.normal(0, 0.5, n)),
        intro_rate=np.exp(rng.normal(0, 0.35, n)),
        weight=np.exp(rng.normal(0, 0.25, n)),
    )
