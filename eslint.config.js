// ESLint flat config: typescript-eslint's type-aware recommended rules over everything we ship or run.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'reports/**', 'node_modules/**', 'coverage/**'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        project: ['./tsconfig.json', './tsconfig.scripts.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // A leading underscore marks a binding left unused on purpose (a skipped tuple slot, a removed key).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      // `a ? f() : g()` and `x ?? fail()` as statements are how we dispatch on a value.
      '@typescript-eslint/no-unused-expressions': ['error', { allowTernary: true, allowShortCircuit: true }],
      // Async functions without await implement async interfaces (report sinks, resource streams); tsc checks what they return.
      '@typescript-eslint/require-await': 'off',
      // Evidence values are unknown JSON shown as text: String() after JSON.stringify gave nothing is deliberate.
      '@typescript-eslint/no-base-to-string': 'off',
    },
  },
  {
    // The no-unsafe family reads `any` as a fault. Untyped JavaScript (benchmarks, build scripts) is `any` throughout and
    // tsc --checkJs covers it; tests read mocks' recorded calls and parsed CLI output, which their libraries type as `any`.
    files: ['**/*.mjs', '**/*.js', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
);
