/**
 * Intl formatters, made once per locale and options: constructing an
 * Intl.DateTimeFormat costs far more than formatting with it (it was the
 * largest single function of the application submit in the benchmark).
 */
function memoized<O, F>(make: (locale: string, options: O) => F): (locale: string, options?: O) => F {
  const made = new Map<string, F>();
  return (locale, options = {} as O) => {
    const key = `${locale}|${JSON.stringify(options)}`;
    let format = made.get(key);
    if (!format) {
      format = make(locale, options);
      made.set(key, format);
    }
    return format;
  };
}

export const dateTimeFormat = memoized((locale: string, options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(locale, options));
export const numberFormat = memoized((locale: string, options: Intl.NumberFormatOptions) => new Intl.NumberFormat(locale, options));
