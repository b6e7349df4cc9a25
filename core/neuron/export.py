"""Take it home: the perceptron as a standalone script and notebook that reproduce the page's run exactly.

The settings enter the code only through `literal`, after they are checked against what the page accepts.
"""
from __future__ import annotations

import textwrap

from core.export import Script, Step, literal
from core.neuron.perceptron import GATES, INPUTS, PerceptronConfig


def _step(title: str, words: str, code: str) -> Step:
    """A step whose words wrap at 100 characters, so that the script's comments stay short lines."""
    return Step(title, textwrap.fill(words, 100, break_long_words=False, break_on_hyphens=False), code)


def perceptron_script(cfg: PerceptronConfig) -> Script:
    """Rosenblatt's perceptron rule on one logic gate, from the page's start, epoch after epoch to its end."""
    if cfg.gate not in GATES:
        raise ValueError(f"unknown gate {cfg.gate!r}")
    imports = _step(
        "Imports",
        "Only the standard library: one threshold unit needs no framework. Fractions keep the weights exact, so "
        "that an epoch that starts with weights seen before is recognised for sure (in floats −0.7 − 0.1 + 0.8 "
        "is not 0).",
        "import json\nfrom fractions import Fraction")
    data = _step(
        "The data",
        f"The four points of the {cfg.gate} gate: the inputs (x₁, x₂) and the target t of each.",
        f'''def gate():
    """The {cfg.gate} gate: each input (x₁, x₂) with its target t."""
    return {literal(tuple(zip(INPUTS, GATES[cfg.gate], strict=True)))}''')
    model = _step(
        "The threshold unit",
        "The unit outputs y = 1 if w·x + b > 0, else 0: it draws one line and says 1 on one side of it.",
        '''def unit(w, b, x):
    return int(w[0] * x[0] + w[1] * x[1] + b > 0)''')
    train = _step(
        "The perceptron rule",
        "After every mistake, move the line towards the point: w ← w + η (t − y) x and b ← b + η (t − y). An "
        "epoch without a mistake means the weights never change again (converged). An epoch that starts with "
        "weights an earlier epoch started with will repeat forever: the rule cycles without end.",
        f'''LR = Fraction({literal(str(cfg.lr))})  # η, as an exact fraction
START = (Fraction({literal(str(cfg.w1))}), Fraction({literal(str(cfg.w2))}), Fraction({literal(str(cfg.b))}))
MAX_EPOCHS = {literal(int(cfg.max_epochs))}  # a safety net; convergence or a cycle ends the run sooner


def train():
    w, b = [START[0], START[1]], START[2]
    seen, mistakes_per_epoch = set(), []
    for epoch in range(1, MAX_EPOCHS + 1):
        if (w[0], w[1], b) in seen:
            return w, b, mistakes_per_epoch, "cycle"
        seen.add((w[0], w[1], b))
        mistakes = 0
        for x, t in gate():
            y = unit(w, b, x)
            if y != t:
                mistakes += 1
                w = [w[0] + LR * (t - y) * x[0], w[1] + LR * (t - y) * x[1]]
                b = b + LR * (t - y)
        mistakes_per_epoch.append(mistakes)
        print(f"epoch {{epoch}}: {{mistakes}} mistakes, w = ({{float(w[0]):g}}, {{float(w[1]):g}}), b = {{float(b):g}}")
        if mistakes == 0:
            return w, b, mistakes_per_epoch, "converged"
    return w, b, mistakes_per_epoch, "max_epochs"''')
    test = _step(
        "How many points it gets right",
        "The trained unit on the four points.",
        '''def accuracy(w, b):
    return sum(unit(w, b, x) == t for x, t in gate()) / len(gate())''')
    main = _step(
        "Run it",
        "Nothing here is random: the same start and learning rate give the same run, step for step. The last "
        "line is one JSON object with the numbers the page shows.",
        '''def main():
    w, b, mistakes_per_epoch, status = train()
    print(f"{status} after {len(mistakes_per_epoch)} epochs")
    print(json.dumps({"status": status, "epochs": len(mistakes_per_epoch), "mistakes_per_epoch": mistakes_per_epoch,
                      "w1": float(w[0]), "w2": float(w[1]), "b": float(b), "accuracy": accuracy(w, b)}))


if __name__ == "__main__":
    main()''')
    return Script(f"perceptron_{cfg.gate.lower()}",
                  f"Rosenblatt's perceptron rule on the {cfg.gate} gate, as the Neuron lesson runs it. Exact "
                  "arithmetic and no randomness: it prints exactly the page's numbers.",
                  (imports, data, model, train, test, main))
