"""The uncertainty model: which assumptions vary, how, and how they move together (issue #14).

* Every parameter with a ``range`` is uncertain unless ``risk.fixed`` names it (a choice, not an
  uncertainty). Its distribution is PERT over [low, value, high] unless the parameter sets
  ``distribution``: ``triangular`` over the same three points, ``uniform`` over the range, or
  ``normal`` with the value as mean and the range as its 90 % interval (clipped to the range).
  PERT: Beta(α, β) scaled to the range, α = 1 + 4 (value − low) / (high − low),
  β = 1 + 4 (high − value) / (high − low) (Vose, *Risk Analysis*, 2008, §9.1.3).
* A table (numbers per category) varies as a whole: one factor, PERT over
  [low / ref, 1, high / ref] with ``ref`` the mean of its non-zero values, multiplies every value
  (clipped to the range), so its categories keep their order and a zero stays zero.
* Sampling: Latin hypercube (``scipy.stats.qmc.LatinHypercube``, scrambled, seeded); correlations
  (``risk.correlations``) imposed on the ranks by the Iman–Conover method (Iman & Conover 1982,
  *Communications in Statistics B* 11(3)), which keeps every marginal exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats
from scipy.stats import qmc

from wijkaanpak.model.assumptions import Assumptions, Parameter, Table
from wijkaanpak.model.finance import FloatArray

Z90 = float(stats.norm.ppf(0.95))  # half-width of a 90 % interval in standard deviations


@dataclass(frozen=True)
class Uncertain:
    """One uncertain parameter: its three points and distribution. For a table the points are of
    its common factor (value 1)."""

    key: str  # dotted, e.g. "renewal.construction"
    low: float
    mode: float
    high: float
    distribution: str
    unit: str
    table: bool


def uncertain(a: Assumptions) -> list[Uncertain]:
    """The parameters that vary, in the order of the assumptions file."""
    out = []
    for section in type(a).model_fields:
        node = getattr(a, section)
        for name in getattr(type(node), "model_fields", {}):
            leaf = getattr(node, name)
            key = f"{section}.{name}"
            if not isinstance(leaf, Parameter | Table) or leaf.range is None:
                continue
            if key in a.risk.fixed or leaf.range[0] >= leaf.range[1]:
                continue
            out.append(_points(key, leaf))
    return out


def _points(key: str, leaf: Parameter | Table) -> Uncertain:
    low, high = leaf.range or (0.0, 0.0)
    kind = leaf.distribution or "pert"
    if isinstance(leaf, Table):
        ref = table_reference(leaf)
        return Uncertain(key, low / ref, 1.0, high / ref, kind, leaf.unit, True)
    return Uncertain(key, low, leaf.value, high, kind, leaf.unit, False)


def table_reference(table: Table) -> float:
    """The value a table's common factor refers to: the mean of its non-zero values (1 if none)."""
    nonzero = [v for v in table.values.values() if v != 0]
    return float(np.mean(nonzero)) if nonzero else 1.0


def ppf(p: Uncertain, u: FloatArray) -> FloatArray:
    """Values of ``p`` at the probabilities ``u`` (inverse distribution function)."""
    a, m, c = p.low, p.mode, p.high
    if c <= a:
        return np.full(np.shape(u), m)
    if p.distribution == "uniform":
        return np.asarray(a + u * (c - a), dtype=float)
    if p.distribution == "triangular":
        return np.asarray(stats.triang.ppf(u, (m - a) / (c - a), loc=a, scale=c - a), dtype=float)
    if p.distribution == "normal":
        sd = (c - a) / (2 * Z90)
        return np.asarray(np.clip(stats.norm.ppf(u, loc=m, scale=sd), a, c), dtype=float)
    alpha = 1 + 4 * (m - a) / (c - a)
    beta = 1 + 4 * (c - m) / (c - a)
    return np.asarray(a + stats.beta.ppf(u, alpha, beta) * (c - a), dtype=float)


def correlation_matrix(params: list[Uncertain], a: Assumptions) -> FloatArray:
    """The target rank correlations as a matrix over ``params`` (identity where none is set).

    Raises ``ValueError`` naming the pair when a key is not an uncertain parameter, and when the
    matrix is not a valid correlation matrix (not positive definite)."""
    index = {p.key: i for i, p in enumerate(params)}
    matrix = np.eye(len(params))
    for c in a.risk.correlations:
        first, second = c.between
        missing = [k for k in (first, second) if k not in index]
        if missing:
            msg = f"risk.correlations {first} ~ {second}: {', '.join(missing)} is not uncertain"
            raise ValueError(msg)
        matrix[index[first], index[second]] = matrix[index[second], index[first]] = c.rho
    if len(params) and np.linalg.eigvalsh(matrix).min() <= 0:
        msg = "risk.correlations: the correlations contradict each other (matrix not positive definite)"
        raise ValueError(msg)
    return matrix


def sample(params: list[Uncertain], a: Assumptions, n: int, seed: int) -> FloatArray:
    """``n`` draws × parameters: Latin hypercube with Iman–Conover rank correlation. [units of
    each parameter; for tables the factor]"""
    if not params:
        return np.zeros((n, 0))
    rng = np.random.default_rng(seed)
    u = qmc.LatinHypercube(d=len(params), seed=rng).random(n)
    target = correlation_matrix(params, a)
    if n > len(params) + 1 and not np.allclose(target, np.eye(len(params))):
        u = _iman_conover(u, target, rng)
    return np.column_stack([ppf(p, u[:, j]) for j, p in enumerate(params)])


def _iman_conover(u: FloatArray, target: FloatArray, rng: np.random.Generator) -> FloatArray:
    """Reorder each column of ``u`` so that its ranks follow ``target``'s correlation."""
    n, d = u.shape
    scores = stats.norm.ppf(np.arange(1, n + 1) / (n + 1))
    s = np.column_stack([rng.permutation(scores) for _ in range(d)])
    now = np.linalg.cholesky(np.corrcoef(s, rowvar=False))
    want = np.linalg.cholesky(target)
    t = s @ np.linalg.inv(now).T @ want.T
    out = np.empty_like(u)
    for j in range(d):
        ranks = stats.rankdata(t[:, j], method="ordinal").astype(int) - 1
        out[:, j] = np.sort(u[:, j])[ranks]
    return out


def with_values(a: Assumptions, params: list[Uncertain], row: FloatArray) -> Assumptions:
    """A copy of ``a`` with each uncertain parameter at its drawn value (tables: factor × value,
    clipped to the range)."""
    leaves: dict[str, Parameter | Table] = {}
    for p, x in zip(params, row, strict=True):
        section, name = p.key.split(".")
        leaf = getattr(getattr(a, section), name)
        if isinstance(leaf, Table):
            low, high = leaf.range or (-np.inf, np.inf)
            values = {k: float(np.clip(v * x, low, high)) for k, v in leaf.values.items()}
            leaves[p.key] = leaf.model_copy(update={"values": values, "origin": "draw"})
        else:
            leaves[p.key] = leaf.model_copy(update={"value": float(x), "origin": "draw"})
    return a.with_leaves(leaves)
