/** Installs a handler per signal; returns the function that removes them all again. */
export function onSignals(handlers: Partial<Record<NodeJS.Signals, () => void>>): () => void {
  const entries = Object.entries(handlers) as [NodeJS.Signals, () => void][];
  for (const [signal, handler] of entries) process.on(signal, handler);
  return () => {
    for (const [signal, handler] of entries) process.off(signal, handler);
  };
}
