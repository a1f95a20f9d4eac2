/** `.vue` files for TypeScript (the templates are checked by Vue's compiler, not by tsc). */
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent;
  export default component;
}
