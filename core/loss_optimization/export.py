"""Take it home: the optimizer race and backprop step by step as standalone, seeded PyTorch scripts.

Each function turns the settings the page ran with into a `core.export.Script`; settings enter the
code only through `literal`, after they are checked against what the page accepts. Both
experiments are deterministic (float64 on the CPU), so the script prints exactly the page's numbers.
"""
from __future__ import annotations

import textwrap

from core.export import Script, Step, literal
from core.loss_optimization.backprop import NetConfig
from core.loss_optimization.race import BLOW_UP, OPTIMIZERS, SURFACES, RaceConfig

# Each surface's f(x, y) as Python, written exactly as core.loss_optimization.race computes it
# (the same operations in the same order give the same floats).
SURFACE_CODE = {
    "bowl": "0.5 * x**2 + y**2",
    "ravine": "0.05 * x**2 + 5 * y**2",
    "rosenbrock": "(1 - x)**2 + 100 * (y - x**2)**2",
    "saddle": "0.5 * x**2 - 0.5 * y**2 + 0.25 * y**4",
    "himmelblau": "(x**2 + y - 11)**2 + (x + y**2 - 7)**2",
}
DEVICE = """\
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu",
                        help="where the tensors live (default: cuda when available)")"""


def _step(title: str, words: str, code: str) -> Step:
    """A step whose words wrap at 100 characters, so that the script's comments stay short lines."""
    return Step(title, textwrap.fill(words, 100, break_long_words=False, break_on_hyphens=False), code)


def _optimizer_line(name: str, lr: float, beta: float) -> str:
    """The torch.optim call the page's racer `name` makes (core.loss_optimization.race.make_racer)."""
    if name in ("SGD", "Momentum", "Nesterov"):
        extra = ""
        if name != "SGD" and beta > 0:  # with β = 0 momentum and Nesterov are plain SGD
            extra = f", momentum={literal(beta)}" + (", nesterov=True" if name == "Nesterov" else "")
        call = f"torch.optim.SGD(params, lr={literal(lr)}{extra}, foreach=False)"
    else:
        call = f"torch.optim.{name}(params, lr={literal(lr)}, foreach=False)"
    return f"    {literal(name)}: lambda params: {call},"


def race_script(cfg: RaceConfig) -> Script:
    """The race as the page ran it: every chosen optimizer from the same start, the same budget of steps."""
    if cfg.surface not in SURFACES:
        raise ValueError(f"unknown surface {cfg.surface!r}")
    if not cfg.lrs or any(name not in OPTIMIZERS for name, _ in cfg.lrs):
        raise ValueError("the racers must be some of " + ", ".join(OPTIMIZERS))
    s = SURFACES[cfg.surface]
    start = tuple(float(v) for v in cfg.start)
    racers = "\n".join(_optimizer_line(name, float(lr), float(cfg.momentum)) for name, lr in cfg.lrs)
    imports = _step("Imports", "PyTorch does the calculus (autograd) and the optimizers (torch.optim).",
                   "import argparse\nimport json\nimport math\n\nimport torch")
    data = _step(
        "The loss surface",
        f"The surface: {s.title.lower()}. There is no data set here: the loss is a formula in two parameters "
        "θ = (x, y), so every step can be drawn on a map of the surface.",
        f'''def loss_surface(x, y):
    return {SURFACE_CODE[cfg.surface]}


MINIMA = {literal(s.minima)}
TOL = {literal(s.tol)}  # "reached" = within this distance of a minimum, and staying there
BLOW_UP = {literal(BLOW_UP)}  # a parameter this far out, or a loss that is not finite, counts as diverged
START = {literal(start)}
STEPS = {literal(int(cfg.steps))}  # the budget every racer gets''')
    model = _step(
        "The racers",
        "Every racer is a real `torch.optim` optimizer with its own learning rate. Momentum remembers past "
        "gradients; RMSprop and Adam divide each coordinate's step by the size of its recent gradients. "
        "(`foreach=False` is torch's plain loop, the page's choice for one tiny tensor.)",
        f"RACERS = {{\n{racers}\n}}")
    train = _step(
        "The race",
        "Each racer starts at the same point and takes one step after another against the gradient of the loss. "
        "Nothing here is random: the same start and learning rates give the same race, to the last digit.",
        '''def race(make_optimizer, device):
    """One racer: the points it visited, the loss at each, and the step it diverged at (None: it did not)."""
    theta = torch.tensor(START, dtype=torch.float64, device=device, requires_grad=True)  # θ = (x, y)
    optimizer = make_optimizer([theta])
    path, losses = [], []
    for step in range(STEPS + 1):
        loss = loss_surface(theta[0], theta[1])
        path.append(theta.tolist())
        losses.append(loss.item())
        if not math.isfinite(losses[-1]) or max(abs(v) for v in path[-1]) > BLOW_UP:
            return path, losses, step
        if step == STEPS:
            break
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return path, losses, None''')
    test = _step(
        "How each racer ended",
        "A racer reached a minimum at the step from which it stays within TOL of one; otherwise it diverged, or "
        "had not arrived when the budget ran out.",
        '''def outcome(path, diverged_at):
    if diverged_at is not None:
        return "diverged", diverged_at
    far = [min(math.hypot(x - mx, y - my) for mx, my in MINIMA) >= TOL for x, y in path]
    if far[-1]:
        return "not reached", None
    return "reached", max((i + 1 for i, f in enumerate(far) if f), default=0)''')
    main = _step(
        "Run it",
        "Race them all and print each one's outcome; the last line is one JSON object with the numbers the page "
        "shows.",
        f'''def main():
    parser = argparse.ArgumentParser(description="The optimizer race on one loss surface")
{DEVICE}
    args, _ = parser.parse_known_args()  # known args only, so that the notebook runs too
    results = {{}}
    for name, make_optimizer in RACERS.items():
        path, losses, diverged_at = race(make_optimizer, args.device)
        status, step = outcome(path, diverged_at)
        results[name] = {{"status": status, "step": step, "final_loss": losses[-1]}}
        print(f"{{name:>9}}: {{status}}" + (f" at step {{step}}" if step is not None else "")
              + f", final loss {{losses[-1]:.4g}}")
    print(json.dumps(results))


if __name__ == "__main__":
    main()''')
    return Script(f"race_{cfg.surface}",
                  f"The optimizer race on the {s.title.lower()}, f(x, y) = {SURFACE_CODE[cfg.surface]}, as the "
                  "Loss & optimization lesson ran it. Deterministic: it prints exactly the page's numbers.",
                  (imports, data, model, train, test, main))


def backprop_script(cfg: NetConfig) -> Script:
    """Backprop step by step: the 2-2-1 network's forward pass, each gradient by hand, autograd's, one update."""
    if cfg.loss not in ("bce", "mse"):
        raise ValueError(f"unknown loss {cfg.loss!r}")
    bce = cfg.loss == "bce"
    imports = _step("Imports", "PyTorch holds the numbers and, as the referee, differentiates them by autograd.",
                   "import argparse\nimport json\n\nimport torch")
    data = _step(
        "One sample",
        "One XOR sample x = (x₁, x₂) with its label y = x₁ XOR x₂.",
        f'''def sample(device):
    x = torch.tensor({literal(tuple(float(v) for v in cfg.x))}, dtype=torch.float64, device=device)
    y = torch.tensor({literal(float(cfg.y))}, dtype=torch.float64, device=device)
    return x, y''')
    loss_line = ("-(y * torch.log(y_hat) + (1 - y) * torch.log(1 - y_hat)).sum()  # binary cross-entropy"
                 if bce else "((y_hat - y) ** 2).sum()  # squared error")
    model = _step(
        "The network",
        "Two inputs, two sigmoid hidden units, one sigmoid output: z₁ = W₁x + b₁, h = σ(z₁), z₂ = W₂h + b₂, "
        "ŷ = σ(z₂), then the loss L(ŷ, y). Its starting weights are the page's.",
        f'''W1 = {literal(tuple(float(v) for v in cfg.w1))}  # row by row: (w₁₁, w₁₂, w₂₁, w₂₂)
B1 = {literal(tuple(float(v) for v in cfg.b1))}
W2 = {literal(tuple(float(v) for v in cfg.w2))}
B2 = {literal(float(cfg.b2))}


def parameters(device):
    def tensor(values):
        return torch.tensor(values, dtype=torch.float64, device=device)

    return {{"W1": tensor(W1).reshape(2, 2), "b1": tensor(B1), "W2": tensor(W2).reshape(1, 2), "b2": tensor([B2])}}


def forward(p, x, y):
    z1 = p["W1"] @ x + p["b1"]
    h = torch.sigmoid(z1)
    z2 = p["W2"] @ h + p["b2"]
    y_hat = torch.sigmoid(z2)
    loss = {loss_line}
    return h, y_hat, loss''')
    dy_hat = "-y / y_hat + (1 - y) / (1 - y_hat)" if bce else "2 * (y_hat - y)"
    train = _step(
        "Backprop by hand",
        "From the loss back to W₁, one variable at a time: each gradient is the one after it times a local "
        "derivative (the chain rule). σ'(z) = σ(z)(1 − σ(z)), so the sigmoids' own outputs give their slopes.",
        f'''def backprop(p, x, y):
    h, y_hat, loss = forward(p, x, y)
    d_y_hat = {dy_hat}
    d_z2 = d_y_hat * y_hat * (1 - y_hat)
    d_h = p["W2"].T @ d_z2
    d_z1 = d_h * h * (1 - h)
    return loss, {{"W2": d_z2[:, None] * h[None, :], "b2": d_z2,
                  "W1": d_z1[:, None] * x[None, :], "b1": d_z1}}''')
    test = _step(
        "Autograd checks the hand-made gradients",
        "The same network, differentiated by torch.autograd: every hand-made gradient must agree with it.",
        '''def autograd_gradients(p, x, y):
    leaves = {k: v.clone().requires_grad_() for k, v in p.items()}
    forward(leaves, x, y)[2].backward()
    return {k: v.grad for k, v in leaves.items()}''')
    main = _step(
        "One gradient-descent step",
        "Every weight moves against its own gradient, θ ← θ − η ∂L/∂θ; then the loss is measured again. The "
        "last line is one JSON object with the numbers the page shows.",
        f'''LR = {literal(float(cfg.lr))}  # η


def main():
    parser = argparse.ArgumentParser(description="Backprop step by step on a 2-2-1 network")
{DEVICE}
    args, _ = parser.parse_known_args()  # known args only, so that the notebook runs too
    x, y = sample(args.device)
    p = parameters(args.device)
    loss, grads = backprop(p, x, y)
    reference = autograd_gradients(p, x, y)
    gap = max((grads[k] - reference[k]).abs().max().item() for k in grads)
    for k, g in grads.items():
        print(f"dL/d{{k}} = {{[round(v, 4) for v in g.flatten().tolist()]}}")
    print(f"largest gap to autograd: {{gap:.1e}}")
    new = {{k: p[k] - LR * grads[k] for k in p}}
    after = forward(new, x, y)[2].item()
    print(f"loss {{loss.item():.4f}} -> {{after:.4f}} after one step with learning rate {{LR:g}}")
    print(json.dumps({{"loss_before": loss.item(), "loss_after": after, "autograd_gap": gap,
                      "gradients": {{k: g.flatten().tolist() for k, g in grads.items()}}}}))


if __name__ == "__main__":
    main()''')
    return Script("backprop_step_by_step",
                  "Backprop step by step on a 2-2-1 network and one sample, as the Loss & optimization lesson "
                  "walks it: every gradient by hand, checked against autograd, then one update. Deterministic: "
                  "it prints exactly the page's numbers.",
                  (imports, data, model, train, test, main))
