//! The `array!` procedural macro. The front end it will share with `arrc` lives in
//! `arr_compiler`; the macro itself is not built yet (it is the subject of a later issue).
