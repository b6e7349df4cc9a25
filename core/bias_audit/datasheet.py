"""A "Datasheet for Datasets" (Gebru et al., 2018) generated from the data the learner actually used.

The questions are the paper's; the answers that are facts (group counts, base
rates, the mix the learner chose) are computed, not typed, so the sheet cannot
drift from the data it documents.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from core.bias_audit.arrests import AGE_BANDS, ATTRIBUTES, group_summary
from core.bias_audit.images import STYLES, ImageAudit


@dataclass(frozen=True)
class Datasheet:
    title: str
    sections: tuple[tuple[str, str], ...]  # (heading, markdown body), in the paper's order

    def markdown(self) -> str:
        parts = [f"# Datasheet: {self.title}", "_Following Gebru et al., \"Datasheets for Datasets\" (2018)._"]
        parts += [f"## {heading}\n\n{body.strip()}" for heading, body in self.sections]
        return "\n\n".join(parts) + "\n"


def _table(frame: pd.DataFrame) -> str:
    """A small DataFrame as a Markdown table (no extra dependency)."""
    cols = [frame.index.name or "", *map(str, frame.columns)]
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    rows = zip(frame.index, frame.to_numpy(), strict=True)
    lines += ["| " + " | ".join([str(i), *map(str, row)]) + " |" for i, row in rows]
    return "\n".join(lines)


def image_datasheet(audit: ImageAudit) -> Datasheet:
    """The learner's MNIST mix: how many images of each style and digit went into training and test."""
    cfg, dataset_name = audit.cfg, audit.dataset_name
    regular, sub = cfg.group_names
    k, m = audit.train_counts[sub], audit.test_per_group
    n = k + audit.train_counts[regular]
    counts = pd.DataFrame({"training images": [n - k, k], "share of training": [f"{(n - k) / n:.1%}", f"{k / n:.1%}"],
                           "test images": [m, m]}, index=pd.Index([regular, sub], name="group"))
    digits = f"\n\nTraining images per digit:\n\n{_table(audit.digit_counts)}"
    return Datasheet(f"{dataset_name} with an under-represented style ({sub})", (
        ("Motivation", f"""
Built in the *Bias audit* lesson to show how a network inherits the make-up of its training data. A subgroup of
handwriting, **{sub}**, is deliberately made rare so that its cost can be measured. It is a teaching set, not a
benchmark."""),
        ("Composition", f"""
28x28 greyscale digits 0-9 with their labels. Two groups, defined by visual style only:

{_table(counts)}

The test set holds the same {m:,} test digits twice, once per style, so a gap between groups is due to style
alone.{digits}"""),
        ("Collection process", f"""
{dataset_name} (LeCun, Cortes and Burges, 1998) was assembled from NIST handwriting by US Census Bureau employees
and high-school students. The {sub} versions are synthetic: {STYLES[cfg.style][1].__doc__.strip()}"""),
        ("Preprocessing", f"""
Pixels scaled to [0, 1], the style applied, then normalised with {dataset_name}'s mean and standard deviation. The
{n:,} training images are a random draw (seed {cfg.seed}); the first {k:,} of the draw were restyled."""),
        ("Uses", """
Suited to: demonstrating representation bias, per-group accuracy, calibration and error analysis.
Not suited to: claims about real people's handwriting, or any deployed decision."""),
        ("Limitations", f"""
- The subgroup is a single synthetic transformation; real under-represented groups differ in many ways at once.
- {dataset_name}'s writers are not a sample of any population; their demographics are unrecorded.
- With {k:,} subgroup images, estimates for that group rest on few examples."""),
    ))


def tabular_datasheet(df: pd.DataFrame, attribute: str) -> Datasheet:
    """The Arrests data: counts and release rates for every protected attribute."""
    summaries = []
    for attr in ATTRIBUTES:
        s = group_summary(df, attr)
        s = pd.DataFrame({"arrests": s["size"], "share": s["share"].map("{:.1%}".format),
                          "released": s["base_rate"].map("{:.1%}".format)}, index=s.index.rename(attr))
        summaries.append(f"**{attr}**{' (audited)' if attr == attribute else ''}\n\n{_table(s)}")
    bands = ", ".join(f"{name} ({lo}-{hi})" if hi < 200 else f"{name} ({lo}+)" for lo, hi, name in AGE_BANDS)
    released = df["label"].mean()
    return Datasheet("Toronto arrests for marijuana possession (Arrests)", (
        ("Motivation", """
Collected by the *Toronto Star* for a 2002 series on race and policing, to ask whether Black and white arrestees
were treated alike when police chose between releasing with a summons and holding for a bail hearing. Here it is
used to audit a classifier that predicts that choice."""),
        ("Composition", f"""
{len(df):,} arrests for simple possession of small quantities of marijuana, 1997-2002; one row per arrest.
Label: released with a summons (**{released:.1%}**) or held ({1 - released:.1%}). Other columns: year, age, sex,
colour, employed, citizen, checks (the number of police databases in which the arrestee's name appeared).

{chr(10).join(summaries)}"""),
        ("Collection process", """
Police records obtained by the newspaper; distributed by Fox and Weisberg's R package *carData* and shipped
inside scikit-lego (`sklego.datasets.load_arrests`), so no network is needed. 'Colour' was recorded by police
as Black or White; other groups are absent."""),
        ("Preprocessing", f"""
No missing values. Age bands derived here: {bands}. For the network, year, age and checks are standardised with
training-set statistics and yes/no columns become 0/1; a stratified 70/30 train/test split keeps each group's
label mix."""),
        ("Uses", """
Suited to: teaching fairness auditing and mitigation on a real, imbalanced outcome.
Not suited to: predicting or deciding anyone's release. A model trained on past decisions learns the past
decision makers' behaviour, bias included, not who *should* be released."""),
        ("Limitations", """
- The label is a police decision, not ground truth about the person: 'accurate' means 'agrees with past police'.
- Small groups (female arrestees, non-citizens) give noisy rates; compare counts before trusting a gap.
- Only two colour categories, no income or neighbourhood data; old (1997-2002) and from one city."""),
    ))
