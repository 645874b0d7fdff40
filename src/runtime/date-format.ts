// .NET's date format strings, as Get-Date -Format and [datetime]'s ToString(format) read them.

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** .NET custom format strings' common parts (yyyy MM dd HH mm ss fff, 'o' round trip). */
export function formatDate(date: Date, spec: string): string {
  if (spec === 'o' || spec === 'O') return date.toISOString();
  if (spec === 's') return date.toISOString().slice(0, 19);
  if (spec === 'u') return `${date.toISOString().slice(0, 19).replace('T', ' ')}Z`;
  return spec.replace(/yyyy|yy|MM|dd|HH|hh|mm|ss|fff|tt/g, (t) => {
    switch (t) {
      case 'yyyy':
        return String(date.getFullYear());
      case 'yy':
        return pad(date.getFullYear() % 100);
      case 'MM':
        return pad(date.getMonth() + 1);
      case 'dd':
        return pad(date.getDate());
      case 'HH':
        return pad(date.getHours());
      case 'hh':
        return pad(date.getHours() % 12 || 12);
      case 'mm':
        return pad(date.getMinutes());
      case 'ss':
        return pad(date.getSeconds());
      case 'fff':
        return pad(date.getMilliseconds(), 3);
      default:
        return date.getHours() < 12 ? 'AM' : 'PM';
    }
  });
}
