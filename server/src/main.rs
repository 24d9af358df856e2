fn main() -> std::process::ExitCode {
    qingdan::cli::main()
}
