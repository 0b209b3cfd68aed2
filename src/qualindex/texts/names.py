"""Display names of the raw method codes (``aij``, ``flag``, ``weighted-mean``): code -> (zh, en).

A code is ``name.<kind>.<value>``; :func:`qualindex.texts.display` looks one up and falls back
to the raw value (a user's own word).  Outputs in Chinese show these names, never the raw code;
English keeps the code where it is the name people use (AIJ, TOPSIS).
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # evaluate.aggregation
    "name.aggregation.weighted-mean": ("加权算术平均", "weighted mean"),
    "name.aggregation.geometric-mean": ("加权几何平均", "weighted geometric mean"),
    "name.aggregation.minimum": ("最小值（短板）法", "minimum (weakest link)"),
    # weighting.group
    "name.group.aij": ("判断矩阵集结（AIJ）", "aggregation of judgments (AIJ)"),
    "name.group.aip": ("权重向量集结（AIP）", "aggregation of priorities (AIP)"),
    # weighting.cr_policy
    "name.cr_policy.include": ("超限仍采用", "include"),
    "name.cr_policy.exclude": ("超限剔除", "exclude"),
    "name.cr_policy.flag": ("超限采用并标注", "include and flag"),
    # weighting.priority
    "name.priority.eigenvector": ("特征向量法", "eigenvector"),
    "name.priority.geometric": ("几何平均法（方根法）", "geometric mean"),
    "name.priority.column": ("列归一化平均法（和积法）", "normalised columns"),
    # weighting.ri_table
    "name.ri_table.saaty-1980": ("Saaty（1980）表", "Saaty (1980)"),
    "name.ri_table.saaty-2005": ("Saaty（2005）表", "Saaty (2005)"),
    "name.ri_table.donegan-dodd": ("Donegan 与 Dodd（1991）表", "Donegan & Dodd (1991)"),
    "name.ri_table.cn-1-15": ("国内常用 1–15 阶表", "Chinese textbook table (n = 1–15)"),
    "name.ri_table.alonso-lamata": ("Alonso 与 Lamata（2006）公式", "Alonso & Lamata (2006)"),
    "name.ri_table.alonso-lamata-table": (
        "Alonso 与 Lamata（2006）表",
        "Alonso & Lamata (2006) table",
    ),
    "name.ri_table.ahpsurvey": ("ahpsurvey 表", "ahpsurvey table"),
    "name.ri_table.simulated": ("模拟所得 RI 表", "simulated RI table"),
    # weighting.incomplete
    "name.incomplete.none": ("不补全", "none"),
    "name.incomplete.harker": ("Harker 法补全", "Harker's method"),
    "name.incomplete.lambda-optimal": ("λ-最优补全", "λ-optimal completion"),
    # fuzzy AHP variant
    "name.fuzzy.buckley": ("Buckley 几何平均法", "Buckley's geometric mean"),
    "name.fuzzy.chang": ("Chang 范围分析法", "Chang's extent analysis"),
    # evaluate.missing policies
    "name.missing.reweight": ("按比例重分权重", "reweight"),
    "name.missing.impute-mean": ("均值插补", "impute the mean"),
    "name.missing.impute-median": ("中位数插补", "impute the median"),
    "name.missing.impute-baseline": ("基准值插补", "impute the baseline"),
    "name.missing.carry-forward": ("沿用上期值", "carry forward"),
    "name.missing.zero": ("按 0 分计", "score 0"),
    "name.missing.fail": ("缺失即报错", "fail"),
    # FCE operators M(inner, outer)
    "name.fce.product-sum": ("M(·,⊕) 加权平均型", "M(·,⊕) weighted average"),
    "name.fce.min-max": ("M(∧,∨) 主因素决定型", "M(∧,∨) main factor"),
    "name.fce.product-max": ("M(·,∨) 主因素突出型", "M(·,∨) main factor emphasised"),
    "name.fce.min-sum": ("M(∧,⊕) 有界和型", "M(∧,⊕) bounded sum"),
    # weighting methods
    "name.weighting.equal": ("等权", "equal"),
    "name.weighting.direct": ("直接赋权", "direct"),
    "name.weighting.points": ("分值赋权", "points"),
    "name.weighting.ahp": ("层次分析法", "AHP"),
    "name.weighting.fuzzy-ahp": ("模糊层次分析法", "fuzzy AHP"),
    "name.weighting.expert-scores": ("专家打分", "expert scores"),
    "name.weighting.bwm": ("最优最劣法", "best-worst method"),
    "name.weighting.importance": ("重要性评分", "importance ratings"),
    "name.weighting.entropy": ("熵权法", "entropy"),
    "name.weighting.critic": ("CRITIC 法", "CRITIC"),
    "name.weighting.cv": ("变异系数法", "coefficient of variation"),
    "name.weighting.std": ("标准差法", "standard deviation"),
    "name.weighting.combination": ("主客观组合赋权", "combination"),
    "name.weighting.independence": ("独立性权重法", "independence weights"),
    "name.weighting.dematel": ("DEMATEL 法", "DEMATEL"),
    # matrix kinds in the consistency table
    "name.matrix.complete": ("完整", "complete"),
    "name.matrix.completed": ("已补全", "completed"),
    "name.matrix.repaired": ("已修正", "repaired"),
    # direction
    "name.direction.higher": ("越大越好", "higher is better"),
    "name.direction.lower": ("越小越好", "lower is better"),
    "name.direction.target": ("越接近目标越好", "closer to target"),
    # what the sensitivity analysis varies
    "name.sensitivity_source.weights": ("权重", "weights"),
    "name.sensitivity_source.judgments": ("专家判断", "judgments"),
    "name.sensitivity_source.values": ("测量值", "values"),
    "name.sensitivity_source.methods": ("方法选择", "methods"),
    # indicator scoring methods
    "name.scoring.linear": ("线性（阈值—目标）", "linear"),
    "name.scoring.goalposts": ("固定区间线性", "goalposts"),
    "name.scoring.piecewise": ("分段线性", "piecewise"),
    "name.scoring.band": ("区间型", "band"),
    "name.scoring.relative": ("相对值", "relative"),
    "name.scoring.minmax": ("极差标准化", "min-max"),
    "name.scoring.ratio": ("与基准值之比", "ratio"),
    "name.scoring.zscore": ("Z 分数", "z-score"),
    "name.scoring.rank": ("排序", "rank"),
    "name.scoring.likert": ("李克特量表", "Likert"),
    "name.scoring.gap": ("期望—感知差距", "gap"),
    "name.scoring.points": ("审核得分", "points"),
}
