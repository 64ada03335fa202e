// Material's head script (its partials/javascripts/base.html), served as one file for the whole
// site instead of inline in every page. Material scopes what it keeps in localStorage (the colour
// scheme chosen, ...) to the site root, which it finds from the page's address and `base_url`;
// this file finds the same root from its own address (it is assets/javascripts/scope.js).
// tests/test_shell.py holds the line below to Material's.
__md_scope=new URL("../..",document.currentScript.src),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}
