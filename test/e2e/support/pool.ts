/**
 * At most `size` tasks at a time, started in the order they were asked for:
 * browser journeys share the machine's few cores with the server, its
 * database and the other test files.
 */
export function pool(size: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (running < size) running++;
    // A finishing task hands its slot straight to the next one waiting.
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}
