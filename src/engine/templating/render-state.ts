// Rendering is synchronous, so the variables of the render in progress can live on a stack.
// nunjucks' own Context copies every variable into a new object for each render, which would
// force every lazy variable (and every host's hostvars) to be computed; lvsplay's lookup hook
// reads from this stack instead, and records names that were looked up but not defined.

export interface RenderFrame {
  vars: Record<string, unknown>;
  /** Root names looked up and not found, in order. */
  misses: string[];
}

const stack: RenderFrame[] = [];

export function currentFrame(): RenderFrame | undefined {
  return stack[stack.length - 1];
}

export function withFrame<T>(vars: Record<string, unknown>, fn: (frame: RenderFrame) => T): T {
  const frame: RenderFrame = { vars, misses: [] };
  stack.push(frame);
  try {
    return fn(frame);
  } finally {
    stack.pop();
  }
}
